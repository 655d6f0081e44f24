#include "importers/ldif_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "importers/ldap_values.h"
#include "model/errors.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
std::vector<LdifEntry> read_all(const std::string& text, LdifLimits limits = {}) {
  test::TempDir dir;
  TextSource src(dir.write("t.ldif", text));
  LdifReader reader(src, limits);
  std::vector<LdifEntry> entries;
  while (auto e = reader.next()) entries.push_back(std::move(*e));
  return entries;
}
std::string error_of(const std::string& text, LdifLimits limits = {}) {
  try {
    read_all(text, limits);
  } catch (const InputError& e) {
    std::string m = e.what();
    return m.substr(m.find(".ldif") + 5);  // drop the temp folder
  }
  return "no error";
}
std::vector<std::string> values(const LdifEntry& e, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& a : e.attributes)
    if (a.name == name) out.push_back(a.value);
  return out;
}
std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

// `ldapsearch -H ldaps://dc1.corp.example.com -b DC=corp,DC=example,DC=com '(sAMAccountName=zmuller)'`
// against Active Directory: the DN and cn are not ASCII, so ldapsearch writes them in base64,
// folded at 76 columns; the referrals AD adds and the trailer come after the entry.
const std::string kActiveDirectory = R"(# extended LDIF
#
# LDAPv3
# base <DC=corp,DC=example,DC=com> with scope subtree
# filter: (sAMAccountName=zmuller)
# requesting: ALL
#

# Zoë Müller-Łukasiewicz, Vertrieb und Marketing, Benutzer, corp.example.com
dn:: Q049Wm/DqyBNw7xsbGVyLcWBdWthc2lld2ljeixPVT1WZXJ0cmllYiB1bmQgTWFya2V0aW5
 nLE9VPUJlbnV0emVyLERDPWNvcnAsREM9ZXhhbXBsZSxEQz1jb20=
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn:: Wm/DqyBNw7xsbGVyLcWBdWthc2lld2ljeg==
sAMAccountName: zmuller
userPrincipalName: zmuller@corp.example.com
memberOf: CN=Global Sales Leadership Team (EMEA and APAC),OU=Distribution Li
 sts,OU=Groups,DC=corp,DC=example,DC=com
memberOf: CN=Sales\, EMEA,OU=Groups,DC=corp,DC=example,DC=com
memberOf: CN=VPN Users,OU=Groups,DC=corp,DC=example,DC=com
userAccountControl: 512
lastLogonTimestamp: 133497216000000000
accountExpires: 9223372036854775807
objectGUID:: ih08S15vcIGSo7TF1uf4CQ==
objectSid:: AQUAAAAAAAUVAAAAobLD1OX2BxgpOktcUQQAAA==

# search reference
ref: ldap://ForestDnsZones.corp.example.com/DC=ForestDnsZones,DC=corp,DC=exa
 mple,DC=com

# search reference
ref: ldap://DomainDnsZones.corp.example.com/DC=DomainDnsZones,DC=corp,DC=exa
 mple,DC=com

# search result
search: 2
result: 0 Success

# numResponses: 4
# numEntries: 1
# numReferences: 2
)";

// `ldapsearch -x -L -b dc=example,dc=org` against OpenLDAP (-L writes "version: 1").
const std::string kOpenLdap = R"(version: 1

#
# LDAPv3
# base <dc=example,dc=org> with scope subtree
# filter: (objectclass=*)
# requesting: ALL
#

# jdoe, people, example.org
dn: uid=jdoe,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
objectClass: posixAccount
uid: jdoe
cn: John Doe
mail: jdoe@example.org
description: Leads the platform team; this description is long enough that 
 ldapsearch folds it, and the fold keeps the space before it
userPassword:: e1NTSEF9YWJjZGVmZ2g=
userCertificate;binary:: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCU
 mJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV
 5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3

# developers, groups, example.org
dn: cn=developers,ou=groups,dc=example,dc=org
objectClass: groupOfNames
cn: developers
member: uid=jdoe,ou=people,dc=example,dc=org
member: uid=asmith,ou=people,dc=example,dc=org

# search result
search: 3
result: 0 Success

# numResponses: 3
# numEntries: 2
)";

const std::string kCertificateHex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435"
    "363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b"
    "6c6d6e6f7071727374757677";

void check_active_directory(const std::vector<LdifEntry>& entries) {
  REQUIRE(entries.size() == 1);
  const auto& e = entries[0];
  CHECK(e.dn == "CN=Zoë Müller-Łukasiewicz,OU=Vertrieb und Marketing,OU=Benutzer,DC=corp,DC=example,DC=com");
  CHECK(e.line == 10);
  CHECK(values(e, "cn") == std::vector<std::string>{"Zoë Müller-Łukasiewicz"});
  CHECK(values(e, "objectClass") == std::vector<std::string>{"top", "person", "organizationalPerson", "user"});
  CHECK(values(e, "memberOf") ==
        std::vector<std::string>{"CN=Global Sales Leadership Team (EMEA and APAC),OU=Distribution Lists,OU=Groups,"
                                 "DC=corp,DC=example,DC=com",
                                 "CN=Sales\\, EMEA,OU=Groups,DC=corp,DC=example,DC=com",
                                 "CN=VPN Users,OU=Groups,DC=corp,DC=example,DC=com"});
  CHECK(values(e, "objectGUID") == std::vector<std::string>{"8a1d3c4b5e6f708192a3b4c5d6e7f809"});
  CHECK(values(e, "objectSid") == std::vector<std::string>{"010500000000000515000000a1b2c3d4e5f60718293a4b5c51040000"});
  CHECK(values(e, "accountExpires") == std::vector<std::string>{"9223372036854775807"});
  REQUIRE(e.attributes.size() == 15);
  CHECK(e.attributes[4].name == "cn");
  CHECK(e.attributes[4].line == 16);
  CHECK(e.attributes[4].base64);
  CHECK(e.attributes[7].line == 19);  // the folded memberOf starts here
  CHECK(e.attributes[8].line == 21);
  CHECK_FALSE(e.attributes[8].base64);
}
}  // namespace

TEST_CASE("Active Directory: base64 DN folded over two lines, multi-valued memberOf, binary as hex, trailer") {
  check_active_directory(read_all(kActiveDirectory));
}

TEST_CASE("Active Directory with CRLF line ends reads the same") {
  check_active_directory(read_all(crlf(kActiveDirectory)));
}

TEST_CASE("Active Directory as UTF-16 (PowerShell's default) reads the same") {
  std::string utf16 = "\xFF\xFE";
  std::u32string code_points;
  for (std::size_t i = 0; i < kActiveDirectory.size();) {  // the sample's UTF-8, decoded
    auto c = static_cast<unsigned char>(kActiveDirectory[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
    for (int k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(kActiveDirectory[i + k]) & 0x3F);
    code_points += cp;
    i += static_cast<std::size_t>(n);
  }
  for (char32_t cp : code_points) {
    REQUIRE(cp < 0x10000);
    utf16 += static_cast<char>(cp & 0xFF), utf16 += static_cast<char>(cp >> 8);
  }
  check_active_directory(read_all(utf16));
}

TEST_CASE("OpenLDAP: version line, folded value keeps its spaces, ,binary and userPassword as hex") {
  auto entries = read_all(kOpenLdap);
  REQUIRE(entries.size() == 2);
  const auto& jdoe = entries[0];
  CHECK(jdoe.dn == "uid=jdoe,ou=people,dc=example,dc=org");
  CHECK(jdoe.line == 11);
  CHECK(values(jdoe, "description") ==
        std::vector<std::string>{"Leads the platform team; this description is long enough that ldapsearch folds it, "
                                 "and the fold keeps the space before it"});
  CHECK(values(jdoe, "userPassword") == std::vector<std::string>{"7b535348417d6162636465666768"});
  CHECK(values(jdoe, "userCertificate;binary") == std::vector<std::string>{kCertificateHex});
  const auto& group = entries[1];
  CHECK(group.line == 25);
  CHECK(values(group, "member") ==
        std::vector<std::string>{"uid=jdoe,ou=people,dc=example,dc=org", "uid=asmith,ou=people,dc=example,dc=org"});
}

TEST_CASE("folding removes exactly one space: continuations may start or end with spaces") {
  auto entries = read_all(
      "dn: cn=x,dc=example,dc=org\n"
      "description: two  spaces\n"
      "  then a continuation that starts with a space and ends with two  \n"
      "cn: fold\n"
      " ed\n"
      "title:: ICBwYWRkZWQg\n"
      "l:\n"
      "   Berlin\n");
  REQUIRE(entries.size() == 1);
  const auto& a = entries[0].attributes;
  REQUIRE(a.size() == 4);
  CHECK(a[0].value == "two  spaces then a continuation that starts with a space and ends with two  ");
  CHECK(a[1].value == "folded");
  CHECK(a[2].value == "  padded ");  // leading spaces need base64: RFC 2849's FILL eats them otherwise
  CHECK(a[3].value == "Berlin");     // "l:  Berlin" once joined: the spaces after the colon are FILL
  CHECK(a[3].line == 7);
}

TEST_CASE("comments anywhere, folded comments, several blank lines, no final line break") {
  auto entries = read_all(
      "# a comment that goes on\n"
      " over a continuation line\n"
      "dn: cn=a,dc=x\n"
      "# a comment inside the entry\n"
      "#  folded too\n"
      "  still the comment\n"
      "cn: a\n"
      "\n\n\n"
      "dn: cn=b,dc=x\n"
      "cn: b");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].attributes.size() == 1);
  CHECK(entries[1].line == 11);
  CHECK(values(entries[1], "cn") == std::vector<std::string>{"b"});
}

TEST_CASE("values: colons inside, empty, options kept, tabs and URLs as text, binary written plainly as hex") {
  auto entries = read_all(
      "dn: cn=a,dc=x\n"
      "description: note: see http://intranet/x\n"
      "title:\n"
      "ou::\n"
      "cn;lang-de: Anna\n"
      "member;range=0-1499: cn=b,dc=x\n"
      "objectGUID: abc\n"
      "street: \tindented\n");
  REQUIRE(entries.size() == 1);
  const auto& a = entries[0].attributes;
  REQUIRE(a.size() == 7);
  CHECK(a[0].value == "note: see http://intranet/x");
  CHECK(a[1].value.empty());
  CHECK(a[2].value.empty());
  CHECK(a[2].base64);
  CHECK(a[3].name == "cn;lang-de");
  CHECK(a[4].name == "member;range=0-1499");
  CHECK(a[5].value == "616263");  // the same hex whether a tool wrote the bytes plainly or in base64
  CHECK(a[6].value == "\tindented");
}

TEST_CASE("entries with no attributes (ldapsearch ... 1.1) and the root DSE's empty DN") {
  auto entries = read_all("dn: cn=a,dc=x\n\ndn: cn=b,dc=x\n\ndn:\nnamingContexts: dc=x\n");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].attributes.empty());
  CHECK(entries[1].dn == "cn=b,dc=x");
  CHECK(entries[2].dn.empty());
  CHECK(entries[2].attributes.size() == 1);
}

TEST_CASE("paged search: result blocks between pages are skipped, a failed result is kept") {
  test::TempDir dir;
  TextSource src(dir.write("paged.ldif",
                           "dn: cn=a,dc=x\ncn: a\n\n"
                           "# search result\nsearch: 2\nresult: 0 Success\n"
                           "control: 1.2.840.113556.1.4.319 false MIQAAAAFAgEABAA=\n\n"
                           "# numResponses: 2\n\n"
                           "dn: cn=b,dc=x\ncn: b\n\n"
                           "# search result\nsearch: 3\nresult: 4 Size limit exceeded\ntext: sizelimit\n\n"
                           "# search result\nsearch: 4\nresult: 3 Time limit exceeded\n"));
  LdifReader reader(src);
  REQUIRE(reader.next()->dn == "cn=a,dc=x");
  CHECK_FALSE(reader.failed_result().has_value());
  REQUIRE(reader.next()->dn == "cn=b,dc=x");
  CHECK_FALSE(reader.next().has_value());
  REQUIRE(reader.failed_result().has_value());
  CHECK(reader.failed_result()->line == 16);
  CHECK(reader.failed_result()->text == "4 Size limit exceeded");
  CHECK(src.checksum().rfind("sha256:", 0) == 0);  // the whole file went through the source
}

TEST_CASE("ldapsearch -LLL: references as comments, an entry's controls, a server's notice of disconnection") {
  test::TempDir dir;
  TextSource src(dir.write("lll.ldif",
                           "dn: cn=a,dc=x\n"
                           "control: 1.3.6.1.4.1.4203.1.9.1.2 false MBUKAQQEEIodPEtebw==\n"
                           "cn: a\n\n"
                           "# refldap://ForestDnsZones.corp.example.com/DC=ForestDnsZones,DC=corp,DC=examp\n"
                           " le,DC=com\n\n"
                           "dn: cn=b,dc=x\ncn: b\n\n"
                           "# extended result response\n"
                           "extended: 1.3.6.1.4.1.1466.20036\n"
                           "result: 52 Server is unavailable\n"
                           "text: connection closing\n"));
  LdifReader reader(src);
  auto a = reader.next();
  REQUIRE(a);
  REQUIRE(a->attributes.size() == 1);  // the control is the protocol's, not the entry's
  CHECK(a->attributes[0].name == "cn");
  REQUIRE(reader.next()->dn == "cn=b,dc=x");
  CHECK_FALSE(reader.next().has_value());
  REQUIRE(reader.failed_result().has_value());
  CHECK(reader.failed_result()->text == "52 Server is unavailable");
  CHECK(reader.failed_result()->line == 13);
}

TEST_CASE("ldapsearch's paging prompt in the output is named") {
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\n\nPress [size] Enter for the next {1000|size} entries.\n") ==
        ":4: ldapsearch's paging prompt is in the export; expected ldapsearch run with -E pr=SIZE/noprompt\n"
        "  Press [size] Enter for the next {1000|size} entries.");
}

TEST_CASE("a std::istream works too, with a UTF-8 byte-order mark and CRLF") {
  std::istringstream in("\xEF\xBB\xBFversion: 1 \r\ndn: cn=J\xC3\xA4ger,dc=x\r\ncn: J\xC3\xA4ger\r\n");
  LdifReader reader(in, "export.ldif");
  auto e = reader.next();
  REQUIRE(e);
  CHECK(e->dn == "cn=Jäger,dc=x");
  CHECK(e->line == 2);
  CHECK(values(*e, "cn") == std::vector<std::string>{"Jäger"});
  CHECK_FALSE(reader.next().has_value());
  std::istringstream bad("dn: a\ncn a\n");
  LdifReader bad_reader(bad, "export.ldif");
  CHECK_THROWS_WITH(bad_reader.next(),
                    "export.ldif:2: expected \"name: value\", but the line has no colon (a long value continues on "
                    "lines that start with one space; entries are separated by blank lines)\n  cn a");
}

TEST_CASE("change records are refused where they say so") {
  const std::string message = "LDIF change records are not an export; expected content records";
  CHECK(error_of("version: 1\n\ndn: cn=a,dc=x\nchangetype: add\ncn: a\n") == ":4: " + message + "\n  changetype: add");
  CHECK(error_of("dn: cn=a,dc=x\ncontrol: 1.2.840.113556.1.4.805 true\nChangeType: delete\n") ==
        ":3: " + message + "\n  ChangeType: delete");
  // After other attributes, RFC 2849 reads "changetype" as an attribute of a content record.
  CHECK(read_all("dn: cn=a,dc=x\ncn: a\nchangetype: add\n")[0].attributes.size() == 2);
}

TEST_CASE("a block that does not start with dn: is an error naming what it found") {
  CHECK(error_of("cn: a\n") ==
        ":1: expected an entry to start with \"dn:\", found \"cn:\"; each entry starts with its DN and entries are "
        "separated by blank lines\n  cn: a");
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\n\nsn: b\n")
            .rfind(":4: expected an entry to start with \"dn:\", found \"sn:\"", 0) == 0);
  CHECK(error_of("dn: cn=a,dc=x\n\nversion: 1\n")
            .rfind(":3: expected an entry to start with \"dn:\", found \"version:\"", 0) == 0);
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\ndn: cn=b,dc=x\n") ==
        ":3: a second \"dn:\" in the entry that starts at line 1; expected a blank line between entries\n"
        "  dn: cn=b,dc=x");
  CHECK(error_of("# search reference\nref: ldap://x/dc=x\ndn: cn=a,dc=x\n") ==
        ":3: \"dn:\" right after a search reference; expected a blank line before each entry\n  dn: cn=a,dc=x");
}

TEST_CASE("a line without a colon or with a bad attribute name is an error at that line") {
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\nthis line was not folded\n") ==
        ":3: expected \"name: value\", but the line has no colon (a long value continues on lines that start with one "
        "space; entries are separated by blank lines)\n  this line was not folded");
  CHECK(error_of("dn: cn=a,dc=x\ncommon name: a\n") ==
        ":2:7: invalid attribute name \"common name\"; expected letters, digits and '-', then any ;options, before "
        "the colon\n  common name: a\n        ^");
  CHECK(error_of("dn: cn=a,dc=x\n: a\n").rfind(":2:1: invalid attribute name \"\"", 0) == 0);
}

TEST_CASE("a fold with no line to continue is an error") {
  CHECK(error_of(" dn: cn=a,dc=x\n") ==
        ":1:1: the file starts with a space, which would continue a line above it; expected \"dn:\", \"version: 1\" "
        "or a comment at the start of the line\n   dn: cn=a,dc=x\n  ^");
  const std::string after_blank =
      "line starts with a space, which continues the line above, but the line above is blank; expected the next "
      "entry's \"dn:\" at the start of the line, or no blank line before it";
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\n\n sn: b\n") == ":4:1: " + after_blank + "\n   sn: b\n  ^");
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\n\n ") == ":4:1: " + after_blank + "\n   \n  ^");  // at the end of the file
  CHECK(error_of("dn: cn=a,dc=x\r\ncn: a\r\n\r\n x\r\n") == ":4:1: " + after_blank + "\n   x\n  ^");
}

TEST_CASE("invalid base64 names the line and the attribute") {
  const std::string expected = "; expected A-Z, a-z, 0-9, '+' and '/', with '=' padding to a multiple of 4";
  CHECK(error_of("dn: cn=a,dc=x\ncn:: Zm9v!A==\n") ==
        ":2: invalid base64 in the value of \"cn\": unexpected '!' at character 5" + expected + "\n  cn:: Zm9v!A==");
  CHECK(error_of("dn: cn=a,dc=x\ncn:: Zm9vYg\n") ==
        ":2: invalid base64 in the value of \"cn\": its length (6 characters) is not a multiple of 4, so it is cut "
        "short" +
            expected + "\n  cn:: Zm9vYg");
  CHECK(error_of("dn: cn=a,dc=x\ncn:: Zg==Zm9v\n")
            .find("unexpected '=' at character 3 (padding belongs only at the end)") != std::string::npos);
  CHECK(error_of("dn: cn=a,dc=x\ncn:: Zm 9vA==\n").find("unexpected space at character 3") != std::string::npos);
  CHECK(error_of("dn:: Y249YSxkYz1*\n").rfind(":1: invalid base64 in the value of \"dn\"", 0) == 0);
  CHECK(read_all("dn: cn=a,dc=x\ncn:: Zm9v  \n")[0].attributes[0].value == "foo");  // trailing spaces are not data
}

TEST_CASE("values must be UTF-8 text unless the attribute is binary") {
  CHECK(error_of("dn: cn=a,dc=x\ndescription:: /w==\n") ==
        ":2: the base64 value of \"description\" decodes to bytes that are not UTF-8 text; expected UTF-8 (known "
        "binary attributes such as objectGUID, and any with the ;binary option, are read as hex)\n"
        "  description:: /w==");
  CHECK(error_of("dn: cn=a,dc=x\ncn: caf\xE9\n") ==
        ":2: the value of \"cn\" is not valid UTF-8; expected UTF-8 text (or UTF-16 with a byte-order mark)\n"
        "  cn: caf\xE9");
  CHECK(error_of("dn:: /w==\n").rfind(":1: the base64 value of \"dn\" decodes to bytes that are not UTF-8", 0) == 0);
  CHECK(error_of("dn: cn=a,dc=x\ncn:: YQBi\n") ==
        ":2: the base64 value of \"cn\" decodes to text with a NUL byte; expected text without NUL\n  cn:: YQBi");
  CHECK(read_all("dn: cn=a,dc=x\nthumbnailPhoto:: /9j/4A==\njpegphoto;binary:: /w==\n")[0].attributes[1].value == "ff");
  // A UTF-8 character split over a fold is whole again once the lines are joined.
  CHECK(read_all("dn: cn=J\xC3\n \xA4ger,dc=x\n")[0].dn == "cn=Jäger,dc=x");
}

TEST_CASE("NUL bytes and bare carriage returns in a value are errors") {
  CHECK(error_of(std::string("dn: cn=a,dc=x\ncn: x\0y\n", 22)) ==
        ":2: NUL byte in the text; this looks like a binary file or UTF-16 without a byte-order mark; expected UTF-8 "
        "text (or UTF-16 with a byte-order mark)\n  cn: x\u2400y");
  CHECK(error_of("dn: cn=a,dc=x\ncn: x\ry\n") ==
        ":2: carriage return inside the value of \"cn\"; expected lines to end in LF or CRLF (a value with line "
        "breaks is written in base64)\n  cn: x\u240Dy");
}

TEST_CASE("values by URL and other LDIF versions are not supported") {
  CHECK(error_of("dn: cn=a,dc=x\njpegPhoto:< file:///tmp/jdoe.jpg\n") ==
        ":2:11: values read from a URL (\"jpegPhoto:<\") are not supported; expected the value inline (\"jpegPhoto: "
        "value\") or in base64 (\"jpegPhoto:: ...\"); ldapsearch -t writes these, run it without -t\n"
        "  jpegPhoto:< file:///tmp/jdoe.jpg\n            ^");
  CHECK(error_of("version: 2\n\ndn: cn=a,dc=x\n") ==
        ":1: unsupported LDIF version \"2\"; expected \"version: 1\"\n  version: 2");
}

TEST_CASE("limits: a long line, a long folded line, too many values, too large an entry") {
  const LdifLimits line_limit{.max_line_bytes = 32};
  CHECK(error_of("dn: cn=a,dc=x\ncn: " + std::string(40, 'x') + "\n", line_limit) ==
        ":2: line is longer than 32 bytes; expected LDIF text (is this a binary file?)\n  cn: " + std::string(40, 'x'));
  CHECK(error_of("dn: cn=a,dc=x\ncn: " + std::string(20, 'x') + "\n " + std::string(20, 'y') + "\n", line_limit) ==
        ":2: line is longer than 32 bytes with its continuation lines joined; expected LDIF text\n  cn: " +
            std::string(20, 'x'));
  const LdifLimits count_limit{.max_attributes = 3};
  CHECK(error_of("dn: cn=a,dc=x\ncn: a\ncn: b\ncn: c\ncn: d\n", count_limit) ==
        ":5: the entry that starts at line 1 has more than 3 attribute values; expected a smaller entry\n  cn: d");
  CHECK(read_all("dn: cn=a,dc=x\ncn: a\ncn: b\ncn: c\n\ndn: cn=b,dc=x\ncn: d\n", count_limit).size() == 2);
  const LdifLimits size_limit{.max_entry_bytes = 64};
  CHECK(error_of("dn: cn=a,dc=x\ncn: " + std::string(30, 'a') + "\nsn: " + std::string(30, 'b') + "\n", size_limit) ==
        ":3: the entry that starts at line 1 is larger than 64 bytes; expected a smaller entry\n  sn: " +
            std::string(30, 'b'));
}

TEST_CASE("limits: a line over 16 MiB with no line break is refused without reading it all") {
  std::string huge = "dn: cn=a,dc=x\ndescription: " + std::string((std::size_t{16} << 20) + 1, 'x');
  auto error = error_of(huge);
  CHECK(error.rfind(":2: line is longer than 16 MiB; expected LDIF text (is this a binary file?)\n  description: xxx",
                    0) == 0);
  CHECK(error.size() < 400);  // the line shown under the message is capped
  std::string fits = "dn: cn=a,dc=x\ndescription: " + std::string((std::size_t{16} << 20) - 13, 'x') + "\n";
  CHECK(read_all(fits)[0].attributes[0].value.size() == (std::size_t{16} << 20) - 13);
}

TEST_CASE("the AD and OpenLDAP dumps in the fixtures read whole: every entry, base64 DNs decoded") {
  auto read_file = [](const std::string& name) {
    // USERSYNC_TEST_DATA is tests/data; the fixtures are beside it.
    auto path = (std::filesystem::path(USERSYNC_TEST_DATA).parent_path() / "e2e/fixtures/dumps/ldif" / name).string();
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    LdifReader reader(in, path);
    std::vector<LdifEntry> out;
    while (auto e = reader.next()) out.push_back(std::move(*e));
    return out;
  };
  auto ad = read_file("ad.ldif");
  CHECK(ad.size() == 16);
  auto find = [&](const std::string& dn) {
    auto it = std::find_if(ad.begin(), ad.end(), [&](const LdifEntry& e) { return e.dn == dn; });
    REQUIRE(it != ad.end());
    return *it;
  };
  auto zoe = find("CN=Zoë Ångström,OU=Staff,DC=example,DC=com");  // written as dn:: base64
  std::vector<std::string> groups;
  for (const auto& a : zoe.attributes)
    if (a.name == "memberOf") groups.push_back(first_rdn_value(a.value));
  CHECK(groups == std::vector<std::string>{"Engineering", "Sales, EMEA"});
  CHECK(find("CN=Sales\\, EMEA,OU=Groups,DC=example,DC=com").line == 36);
  CHECK(read_file("openldap.ldif").size() == 16);
}
