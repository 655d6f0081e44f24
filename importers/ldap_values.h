#pragma once
// Pure helpers for values found in LDAP exports (Active Directory, OpenLDAP), for the presets that
// turn LDIF entries into records. None of them knows a file or a line, so none throws
// usersync::InputError: a malformed value throws std::invalid_argument with a message that says
// what was expected, and the caller adds the file, line and attribute.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usersync {

/// True for attributes whose values are bytes, not text: a known list (objectGUID, objectSid,
/// thumbnailPhoto, jpegPhoto, userCertificate, ...; case-insensitive, options ignored) and any
/// attribute with the `;binary` option. The LDIF reader keeps such values as lowercase hex.
bool is_binary_attribute(std::string_view name);

/// AD FILETIME (`lastLogonTimestamp`, `accountExpires`, `pwdLastSet`: 100-ns intervals since
/// 1601-01-01 UTC, in decimal) to Unix seconds, rounded down. `0` and `9223372036854775807` mean
/// "never" and give nullopt. Throws std::invalid_argument for anything but a non-negative decimal
/// number that fits 64 bits (no sign, spaces or other characters).
std::optional<std::int64_t> filetime_to_unix_seconds(std::string_view filetime);

/// The attribute type/value pairs of an RFC 4514 DN, first RDN first, with escapes removed
/// (`\,` `\+` `\"` `\\` `\<` `\>` `\;` `\=` `\ ` `\#` and `\XX` hex pairs, which are UTF-8 bytes).
/// A multi-valued RDN (`CN=a+UID=b`) gives one pair per value, in order. Types are kept as
/// written. Unescaped spaces around `,`, `+` and `=` are ignored (as RFC 2253 writers left them);
/// a value written as `#hex` (BER) is kept as written. "" gives no pairs. Throws
/// std::invalid_argument for a malformed DN: an empty RDN, a missing `=`, a bad escape, an
/// unescaped `"` `;` `<` `>`, or a value that is not UTF-8 (or holds NUL).
std::vector<std::pair<std::string, std::string>> parse_dn(std::string_view dn);

/// The value of the first attribute of the first RDN: "CN=Sales\, EMEA,OU=Groups,DC=x" gives
/// "Sales, EMEA". Throws std::invalid_argument as parse_dn does, and for an empty DN.
std::string first_rdn_value(std::string_view dn);

/// AD `userAccountControl` (a decimal integer): true when ACCOUNTDISABLE (0x2) is set. Throws
/// std::invalid_argument when the value is not a decimal integer.
bool ad_account_disabled(std::string_view user_account_control);

/// An attribute name with AD's range option (`member;range=1500-2999`, `member;range=3000-*`).
struct RangedAttribute {
  std::string name;                  // without the range option; other options kept: "member"
  std::int64_t first = 0;            // index of the first value in this part
  std::optional<std::int64_t> last;  // index of the last; nullopt for `*`, the final part
};

/// Parses the range option; nullopt when `name` has none. AD sends at most MaxValRange values of
/// a large attribute at a time and ldapsearch does not ask for the rest, so a part whose `last`
/// is set means the export holds only some of the values. Throws std::invalid_argument for a
/// malformed range (not `N-M` or `N-*` with N <= M).
std::optional<RangedAttribute> parse_ranged_attribute(std::string_view name);

/// ("member", 0) for `member;range=0-1499`, ("member", 1500) for `member;range=1500-*`; nullopt
/// without a range option. Throws as parse_ranged_attribute.
std::optional<std::pair<std::string, std::int64_t>> ranged_attribute(std::string_view name);

}  // namespace usersync
