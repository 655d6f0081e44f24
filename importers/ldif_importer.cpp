#include "ldif_importer.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "ldap_values.h"
#include "ldif_reader.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace usersync {

namespace {

const std::vector<std::string> kUserClasses{"user", "inetOrgPerson", "person", "organizationalPerson", "posixAccount"};
const std::vector<std::string> kGroupClasses{"group", "groupOfNames", "groupOfUniqueNames", "posixGroup"};

/// One attribute of an entry with all its values: a name repeated in the file, or written in
/// another letter case, or split into AD's `;range=` parts, is still one field.
struct Attribute {
  std::string name;  // as first written, without a range option
  std::vector<std::string> values;
  std::vector<std::int64_t> lines;  // of each value
};

[[noreturn]] void bad_value(const std::string& file, std::int64_t line, const std::string& attribute,
                            const std::string& what) {
  // ldap_values' messages say what was expected; name the attribute unless they already do.
  throw InputError(SourceLocation{file, line, 0, "", ""},
                   what.rfind(attribute, 0) == 0 ? what : attribute + ": " + what);
}

/// `parse` applied to the attribute's first value, a malformed value refused at its line.
template <class Parse>
auto checked(const Attribute& a, const std::string& file, Parse parse) {
  try {
    return parse(a.values.front());
  } catch (const std::invalid_argument& x) {
    bad_value(file, a.lines.front(), a.name, x.what());
  }
}

/// The name a DN gives its entry (`CN=Sales\, EMEA,...` is "Sales, EMEA"); a malformed DN refused.
std::string rdn_value(const std::string& dn, const std::string& file, std::int64_t line, const std::string& attribute) {
  try {
    return first_rdn_value(dn);
  } catch (const std::invalid_argument& x) {
    bad_value(file, line, attribute, x.what());
  }
}

std::vector<Attribute> collect(const LdifEntry& entry, const std::string& file) {
  std::vector<Attribute> out;
  std::map<std::string, std::size_t> index;  // LDAP attribute names are ASCII and case-insensitive
  for (const auto& a : entry.attributes) {
    std::string name = a.name;
    try {
      if (auto ranged = ranged_attribute(a.name)) name = std::move(ranged->first);
    } catch (const std::invalid_argument& e) {
      bad_value(file, a.line, a.name, e.what());
    }
    auto [it, added] = index.emplace(ascii_lower(name), out.size());
    if (added) out.push_back(Attribute{std::move(name), {}, {}});
    out[it->second].values.push_back(a.value);
    out[it->second].lines.push_back(a.line);
  }
  return out;
}

const Attribute* find(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const auto& a : attributes)
    if (iequals(a.name, name)) return &a;
  return nullptr;
}

bool any_class(const Attribute& classes, const std::vector<std::string>& wanted) {
  for (const auto& c : classes.values)
    for (const auto& w : wanted)
      if (iequals(c, w)) return true;
  return false;
}

class EntryHandler {
 public:
  EntryHandler(const SourceSpec& spec, RecordSink& sink, ImportStats& stats)
      : user_classes_(spec.option("user_classes", kUserClasses)),
        group_classes_(spec.option("group_classes", kGroupClasses)),
        sink_(sink),
        stats_(stats) {}

  void entry(const LdifEntry& e, const std::string& file) {
    auto attributes = collect(e, file);
    const Attribute* classes = find(attributes, "objectClass");
    // Without objectClass nothing here can tell a person from anything else, and skipping every
    // entry would read as "everybody left": an ldapsearch that lists the attributes it wants must
    // ask for objectClass too.
    if (!classes)
      throw InputError(SourceLocation{file, e.line, 0, "", ""},
                       "entry \"" + e.dn + "\" has no objectClass; expected every entry to list its objectClass "
                       "values (add objectClass to the attributes ldapsearch requests)");
    if (any_class(*classes, group_classes_)) {
      group(e, attributes, file);
    } else if (any_class(*classes, user_classes_) && !any_class(*classes, {"computer", "contact"})) {
      // An AD computer is also of class user (and person): it is a device, not a person; an AD
      // contact is a person without an account (an (objectCategory=person) search returns both).
      user(e, attributes, file);
    }
    // Anything else (OUs, the domain, containers) is not ours to import.
  }

 private:
  void user(const LdifEntry& e, const std::vector<Attribute>& attributes, const std::string& file) {
    std::vector<std::string> names, values;
    std::vector<std::int64_t> lines;
    std::vector<std::optional<std::vector<std::string>>> lists;
    bool has_list = false;
    for (const auto& a : attributes) {
      names.push_back(a.name);
      values.push_back(join(a.values, "; "));
      lines.push_back(a.lines.front());
      has_list |= a.values.size() > 1;
      lists.push_back(a.values.size() > 1 ? std::optional(a.values) : std::nullopt);
    }
    auto derive = [&](const char* name, std::string value) {
      names.push_back(name);
      values.push_back(std::move(value));
      lines.push_back(e.line);
      lists.emplace_back();
    };
    // AD only: OpenLDAP's inetOrgPerson has no account state, so its people are active.
    const Attribute* uac = find(attributes, "userAccountControl");
    derive("@active", (uac && checked(*uac, file, ad_account_disabled)) ? "false" : "true");
    // 0 and 9223372036854775807 mean "never": no field, as for a user who never signed in.
    for (auto [attribute, field] : {std::pair{"lastLogonTimestamp", "@last_login"}, {"accountExpires", "@expires"}})
      if (const Attribute* a = find(attributes, attribute))
        if (auto seconds = checked(*a, file, filetime_to_unix_seconds)) derive(field, Timestamp{*seconds}.iso());

    Record r;
    r.header = std::make_shared<const Header>(std::move(names));
    r.values = std::move(values);
    r.lines = std::move(lines);
    if (has_list) r.lists = std::move(lists);
    r.line = e.line;
    r.file = file;
    r.id = e.dn;
    sink_.user(r);
    ++stats_.records;

    // memberOf names each group by DN only: the name rides along for a group no GroupRecord lists
    // (an export of users alone, or a group outside the search base).
    if (const Attribute* member_of = find(attributes, "memberOf"))
      for (std::size_t i = 0; i < member_of->values.size(); ++i) {
        MembershipRecord m;
        m.group = member_of->values[i];
        m.member = e.dn;
        m.group_name = rdn_value(member_of->values[i], file, member_of->lines[i], member_of->name);
        m.file = file;
        m.line = member_of->lines[i];
        membership(m);
      }
  }

  void group(const LdifEntry& e, const std::vector<Attribute>& attributes, const std::string& file) {
    const Attribute* cn = find(attributes, "cn");
    std::string name = cn ? cn->values.front() : rdn_value(e.dn, file, e.line, "dn");
    sink_.group(GroupRecord{e.dn, name, file, e.line});
    ++stats_.groups;
    // Every member is sent as a user: whether the DN or uid names one is the join's to say.
    for (auto [attribute, field] : {std::pair<const char*, std::string_view>{"member", ""},
                                    {"uniqueMember", ""},
                                    {"memberUid", "uid"}}) {
      const Attribute* a = find(attributes, attribute);
      for (std::size_t i = 0; a && i < a->values.size(); ++i) {
        if (field.empty()) rdn_value(a->values[i], file, a->lines[i], a->name);  // refuse a malformed DN
        MembershipRecord m;
        m.group = e.dn;
        m.member = a->values[i];
        m.member_field = field;
        m.file = file;
        m.line = a->lines[i];
        membership(m);
      }
    }
  }

  void membership(const MembershipRecord& m) {
    sink_.membership(m);
    ++stats_.memberships;
  }

  const std::vector<std::string>& user_classes_;
  const std::vector<std::string>& group_classes_;
  RecordSink& sink_;
  ImportStats& stats_;
};

}  // namespace

ImportStats LdifImporter::read(const SourceSpec& spec, RecordSink& sink) {
  ImportStats stats;
  EntryHandler handler(spec, sink, stats);
  std::vector<std::string> encodings;
  for (const auto& file : spec.files) {
    TextSource text(file, "auto");
    LdifReader reader(text);
    while (auto entry = reader.next()) handler.entry(*entry, file);
    if (const auto& failed = reader.failed_result())
      throw InputError(SourceLocation{file, failed->line, 0, "", ""},
                       "ldapsearch reported \"" + failed->text +
                           "\": the export is incomplete, so the import was refused rather than taking the entries "
                           "it lacks as deleted; expected \"result: 0 Success\" (raise the server's size or time "
                           "limit, or page the search with ldapsearch -E pr=500/noprompt)");
    if (std::find(encodings.begin(), encodings.end(), text.encoding()) == encodings.end())
      encodings.push_back(text.encoding());
  }
  stats.encoding = join(encodings, ", ");
  return stats;
}

}  // namespace usersync
