#include "ldap_values.h"

#include <charconv>
#include <limits>
#include <stdexcept>

#include "model/text.h"

namespace usersync {

namespace {

/// Octet-string attributes of Active Directory, Exchange, the standard LDAP schemas (RFC 4517,
/// 4523, 2798) and Kerberos: exports base64-encode them and their bytes are rarely UTF-8. Compared
/// ignoring ASCII case. userPassword is an octet string too (hashes, sometimes raw bytes).
constexpr std::string_view kBinaryAttributes[] = {
    "attributeSecurityGUID", "audio", "authorityRevocationList", "cACertificate", "certificateRevocationList",
    "crossCertificatePair", "dBCSPwd", "deltaRevocationList", "dnsRecord", "invocationId", "jpegPhoto", "krbExtraData",
    "krbPrincipalKey", "lmPwdHistory", "logonHours", "mS-DS-ConsistencyGuid",
    "msDS-AllowedToActOnBehalfOfOtherIdentity", "msDS-GenerationId", "msExchArchiveGUID", "msExchBlockedSendersHash",
    "msExchDisabledArchiveGUID", "msExchMailboxGuid", "msExchMailboxSecurityDescriptor", "msExchMasterAccountSid",
    "msExchSafeRecipientsHash", "msExchSafeSendersHash", "nTSecurityDescriptor", "ntPwdHistory", "objectGUID",
    "objectSid", "personalSignature", "photo", "replPropertyMetaData", "replUpToDateVector", "repsFrom", "repsTo",
    "schemaIDGUID", "securityIdentifier", "sIDHistory", "supplementalCredentials", "thumbnailPhoto", "tokenGroups",
    "tokenGroupsGlobalAndUniversal", "tokenGroupsNoGCAcceptable", "unicodePwd", "userCertificate", "userPassword",
    "userPKCS12", "userSMIMECertificate",
    // userParameters is "Unicode" in AD's schema but holds Remote Desktop settings as raw bytes.
    "userParameters"};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'f'); }
int hex_value(char c) { return c <= '9' ? c - '0' : lower(c) - 'a' + 10; }
bool is_type_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/// Text quoted in a message: capped at a character boundary, NUL made visible (what() is a C string).
std::string shown(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i >= 200 && (text[i] & 0xC0) != 0x80) return out + "…";
    out += text[i] == '\0' ? std::string("\u2400") : std::string(1, text[i]);
  }
  return out;
}

/// A decimal integer filling all of `s`: digits, with a leading '-' only when `allow_negative`.
std::int64_t parse_integer(std::string_view s, bool allow_negative, const char* what) {
  std::int64_t v = 0;
  bool sign_ok = allow_negative && !s.empty() && s[0] == '-';
  bool digit_first = !s.empty() && s[0] >= '0' && s[0] <= '9';
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (!(digit_first || sign_ok) || ec != std::errc() || end != s.data() + s.size())
    throw std::invalid_argument(std::string(what) + " \"" + shown(s.substr(0, 40)) + "\" is not " +
                                (allow_negative ? "a decimal integer" : "a non-negative decimal integer") +
                                " that fits 64 bits");
  return v;
}

[[noreturn]] void bad_dn(std::string_view dn, const std::string& why) {
  throw std::invalid_argument("malformed DN \"" + shown(dn) + "\": " + why);
}

/// One RDN value from `i` up to an unescaped ',' or '+' (or the end), escapes removed.
std::string dn_value(std::string_view dn, std::size_t& i) {
  const std::size_t n = dn.size();
  std::string value;
  if (i < n && dn[i] == '#') {
    // BER in hex (RFC 4514 2.4): kept as written; the presets have no use for decoding it.
    std::size_t start = i++;
    while (i + 1 < n && is_hex(dn[i]) && is_hex(dn[i + 1])) i += 2;
    if (i == start + 1) bad_dn(dn, "expected hex pairs after '#' at position " + std::to_string(start + 1));
    value = dn.substr(start, i - start);
    while (i < n && dn[i] == ' ') ++i;
    if (i < n && dn[i] != ',' && dn[i] != '+')
      bad_dn(dn, "expected ',' or '+' after the #hex value at position " + std::to_string(i + 1));
    return value;
  }
  std::size_t keep = 0;  // length up to the last character that is not an unescaped space
  while (i < n && dn[i] != ',' && dn[i] != '+') {
    char c = dn[i];
    if (c == '\\') {
      if (i + 1 >= n) bad_dn(dn, "it ends in the middle of an escape; expected a character or two hex digits after \\");
      char e = dn[i + 1];
      if (is_hex(e)) {
        if (i + 2 >= n || !is_hex(dn[i + 2]))
          bad_dn(dn, "expected two hex digits after \\ at position " + std::to_string(i + 1));
        value += static_cast<char>(hex_value(e) * 16 + hex_value(dn[i + 2]));
        i += 3;
      } else if (std::string_view(" \"#+,;<=>\\").find(e) != std::string_view::npos) {
        value += e;
        i += 2;
      } else {
        bad_dn(dn, std::string("\\") + e + " at position " + std::to_string(i + 1) +
                       " is not an escape; expected \\ before one of ,+\"\\<>;=# or a space, or two hex digits");
      }
      keep = value.size();
    } else if (c == '\0') {
      bad_dn(dn, "NUL byte at position " + std::to_string(i + 1) + "; expected text");
    } else if (c == '"' || c == ';' || c == '<' || c == '>') {
      bad_dn(dn, std::string("unescaped '") + c + "' at position " + std::to_string(i + 1) +
                     "; expected it escaped with \\");
    } else {
      value += c;
      ++i;
      if (c != ' ') keep = value.size();
    }
  }
  value.resize(keep);
  return value;
}

}  // namespace

bool is_binary_attribute(std::string_view name) {
  std::string_view base = name.substr(0, name.find(';'));
  for (auto b : kBinaryAttributes)
    if (ascii_iequals(base, b)) return true;
  for (auto pos = name.find(';'); pos != std::string_view::npos;) {
    auto next = name.find(';', pos + 1);
    if (ascii_iequals(name.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1), "binary"))
      return true;
    pos = next;
  }
  return false;
}

std::optional<std::int64_t> filetime_to_unix_seconds(std::string_view filetime) {
  std::int64_t v = parse_integer(filetime, false, "FILETIME");
  if (v == 0 || v == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  constexpr std::int64_t kIntervalsPerSecond = 10'000'000;
  constexpr std::int64_t kSeconds1601To1970 = 11'644'473'600;
  return v / kIntervalsPerSecond - kSeconds1601To1970;
}

std::vector<std::pair<std::string, std::string>> parse_dn(std::string_view dn) {
  std::vector<std::pair<std::string, std::string>> out;
  if (dn.empty()) return out;
  const std::size_t n = dn.size();
  std::size_t i = 0;
  while (true) {
    while (i < n && dn[i] == ' ') ++i;
    std::size_t start = i;
    while (i < n && is_type_char(dn[i])) ++i;
    std::string type(dn.substr(start, i - start));
    if (type.empty())
      bad_dn(dn, "expected an attribute type (such as CN) at position " + std::to_string(i + 1) +
                     (i >= n ? ", not the end" : ""));
    while (i < n && dn[i] == ' ') ++i;
    if (i >= n || dn[i] != '=') bad_dn(dn, "expected '=' after \"" + type + "\"");
    ++i;
    while (i < n && dn[i] == ' ') ++i;
    std::string value = dn_value(dn, i);
    if (find_invalid_utf8(value) != std::string::npos)
      bad_dn(dn, "the value of " + type + " is not UTF-8; expected \\XX escapes to spell UTF-8 bytes");
    if (value.find('\0') != std::string::npos) bad_dn(dn, "the value of " + type + " holds a NUL byte");
    out.emplace_back(std::move(type), std::move(value));
    if (i >= n) return out;
    ++i;  // past ',' or '+'
  }
}

std::string first_rdn_value(std::string_view dn) {
  auto pairs = parse_dn(dn);
  if (pairs.empty()) throw std::invalid_argument("the DN is empty; expected at least one RDN such as CN=name");
  return std::move(pairs.front().second);
}

bool ad_account_disabled(std::string_view user_account_control) {
  constexpr std::int64_t kAccountDisable = 0x2;
  return (parse_integer(user_account_control, true, "userAccountControl") & kAccountDisable) != 0;
}

std::optional<RangedAttribute> parse_ranged_attribute(std::string_view name) {
  std::optional<RangedAttribute> found;
  std::string rest(name.substr(0, name.find(';')));
  for (auto pos = name.find(';'); pos != std::string_view::npos;) {
    auto next = name.find(';', pos + 1);
    auto option = name.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1);
    pos = next;
    if (option.size() < 6 || !ascii_iequals(option.substr(0, 6), "range=")) {
      rest += ';';
      rest += option;
      continue;
    }
    auto bad = [&](const std::string& why) {
      throw std::invalid_argument("attribute \"" + shown(name) + "\": " + why +
                                  "; expected range=FIRST-LAST or range=FIRST-*");
    };
    if (found) bad("two range options");
    auto range = option.substr(6);
    auto dash = range.find('-');
    if (dash == std::string_view::npos) bad("no '-' in the range");
    RangedAttribute r;
    try {
      r.first = parse_integer(range.substr(0, dash), false, "range start");
      if (range.substr(dash + 1) != "*") r.last = parse_integer(range.substr(dash + 1), false, "range end");
    } catch (const std::invalid_argument& e) {
      bad(e.what());
    }
    if (r.last && *r.last < r.first) bad("the range ends before it starts");
    found = std::move(r);
  }
  if (found) found->name = std::move(rest);
  return found;
}

std::optional<std::pair<std::string, std::int64_t>> ranged_attribute(std::string_view name) {
  auto r = parse_ranged_attribute(name);
  if (!r) return std::nullopt;
  return std::pair<std::string, std::int64_t>{std::move(r->name), r->first};
}

}  // namespace usersync
