#pragma once
// LDIF exports of Active Directory and OpenLDAP (ldapsearch's output; ldif_reader.h reads the
// syntax, ldap_values.h the values). One file, a folder of .ldif files or a glob. Each entry is
// a user, a group or neither, by objectClass (the `user_classes` and `group_classes` options):
// - a user becomes a Record whose id is its DN and whose fields are its attributes (a
//   multi-valued attribute is a list; ranged `member;range=0-1499` parts are joined under the
//   plain name), plus the derived fields the presets read:
//     @active      AD: "false" when userAccountControl has bit 2 (ACCOUNTDISABLE), else "true";
//                  OpenLDAP (no userAccountControl): "true"
//     @last_login  AD: lastLogonTimestamp (FILETIME) as ISO 8601 UTC; absent when 0 or missing
//     @expires     AD: accountExpires as ISO 8601; absent when 0 or 9223372036854775807 (never)
//   Every memberOf DN becomes a membership naming its group by DN, with the group's name (the
//   first RDN's value, DN escapes removed: `CN=Sales\, EMEA` is `Sales, EMEA`) in group_name.
//   The primary group (primaryGroupID) is never in memberOf, so it is not counted.
// - a group (groupOfNames, groupOfUniqueNames, posixGroup, AD group) becomes a GroupRecord (id:
//   its DN; name: its cn) and one membership per `member` / `uniqueMember` DN (member ref: the
//   DN) and per `memberUid` (member_field "uid"). Members that are not users of the export are
//   the join's business (counted there, never guessed).
// DNs are compared case-insensitively (the join folds them; registry row `ldif`).
#include "importer.h"

namespace usersync {

class LdifImporter : public Importer {
 public:
  ImportStats read(const SourceSpec& spec, RecordSink& sink) override;
};

}  // namespace usersync
