#include "importers/ldap_values.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace usersync;

namespace {
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string dn_error(std::string_view dn) {
  try {
    parse_dn(dn);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("FILETIME: 100-ns intervals since 1601 become Unix seconds, rounded down") {
  CHECK(filetime_to_unix_seconds("116444736000000000") == 0);              // 1970-01-01
  CHECK(filetime_to_unix_seconds("132223104000000000") == 1577836800);     // 2020-01-01
  CHECK(filetime_to_unix_seconds("132223104009999999") == 1577836800);     // 999.9999 ms later
  CHECK(filetime_to_unix_seconds("133497216000000000") == 1705248000);     // 2024-01-14 16:00 UTC, a lastLogonTimestamp
  CHECK(filetime_to_unix_seconds("1") == -11644473600);                    // 1601-01-01
  CHECK(filetime_to_unix_seconds("9223372036854775806") == 910692730085);  // the last representable moment
}

TEST_CASE("FILETIME: 0 and 2^63-1 mean never (accountExpires)") {
  CHECK_FALSE(filetime_to_unix_seconds("0").has_value());
  CHECK_FALSE(filetime_to_unix_seconds("9223372036854775807").has_value());
}

TEST_CASE("FILETIME: anything but a non-negative decimal number is invalid_argument") {
  for (auto bad : {"", "-1", "+5", " 5", "5 ", "0x10", "12a", "9223372036854775808", "20240114000000.0Z"})
    CHECK_THROWS_AS(filetime_to_unix_seconds(bad), std::invalid_argument);
  CHECK_THROWS_WITH(filetime_to_unix_seconds("never"),
                    "FILETIME \"never\" is not a non-negative decimal integer that fits 64 bits");
}

TEST_CASE("parse_dn: RDNs in order, escapes removed") {
  CHECK(parse_dn("CN=Sales\\, EMEA,OU=Groups,DC=corp,DC=example,DC=com") ==
        Pairs{{"CN", "Sales, EMEA"}, {"OU", "Groups"}, {"DC", "corp"}, {"DC", "example"}, {"DC", "com"}});
  CHECK(parse_dn("uid=jdoe,ou=people,dc=example,dc=org") ==
        Pairs{{"uid", "jdoe"}, {"ou", "people"}, {"dc", "example"}, {"dc", "org"}});
  CHECK(parse_dn("CN=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h\\=i\\ j\\#k,DC=x") ==
        Pairs{{"CN", "a,b+c\"d\\e<f>g;h=i j#k"}, {"DC", "x"}});
  CHECK(parse_dn("CN=Lu\\C4\\8Di\\c4\\87,DC=x") == Pairs{{"CN", "Lučić"}, {"DC", "x"}});  // UTF-8 bytes as \XX
  CHECK(parse_dn("CN=Zoë Müller,DC=x") == Pairs{{"CN", "Zoë Müller"}, {"DC", "x"}});      // UTF-8 as is
  CHECK(parse_dn("CN=a=b,DC=x") == Pairs{{"CN", "a=b"}, {"DC", "x"}});                    // '=' may stay bare
  CHECK(parse_dn("CN=,DC=x") == Pairs{{"CN", ""}, {"DC", "x"}});
  CHECK(parse_dn("").empty());
}

TEST_CASE("parse_dn: escaped spaces and '#' at the edges are kept, bare spaces around separators are not") {
  CHECK(parse_dn("CN=\\ lead,DC=x") == Pairs{{"CN", " lead"}, {"DC", "x"}});
  CHECK(parse_dn("CN=trail\\ ,DC=x") == Pairs{{"CN", "trail "}, {"DC", "x"}});
  CHECK(parse_dn("CN=\\#1 fan,DC=x") == Pairs{{"CN", "#1 fan"}, {"DC", "x"}});
  // RFC 2253 writers (old OpenLDAP data) left spaces after commas and around '='.
  CHECK(parse_dn("CN=John Smith , OU = People,  DC=x ") == Pairs{{"CN", "John Smith"}, {"OU", "People"}, {"DC", "x"}});
  CHECK(parse_dn("CN=a \\ ,DC=x") == Pairs{{"CN", "a  "}, {"DC", "x"}});
}

TEST_CASE("parse_dn: a multi-valued RDN gives one pair per value, #hex values stay as written") {
  CHECK(parse_dn("CN=John Doe+UID=jdoe,OU=People,DC=x") ==
        Pairs{{"CN", "John Doe"}, {"UID", "jdoe"}, {"OU", "People"}, {"DC", "x"}});
  CHECK(parse_dn("1.3.6.1.4.1.1466.0=#04024869,DC=x") == Pairs{{"1.3.6.1.4.1.1466.0", "#04024869"}, {"DC", "x"}});
}

TEST_CASE("parse_dn: malformed DNs are invalid_argument saying what was expected") {
  CHECK(dn_error("CN=a,,DC=x") == "malformed DN \"CN=a,,DC=x\": expected an attribute type (such as CN) at position 6");
  CHECK(dn_error("CN=a,") ==
        "malformed DN \"CN=a,\": expected an attribute type (such as CN) at position 6, not the end");
  CHECK(dn_error("CNa,DC=x") == "malformed DN \"CNa,DC=x\": expected '=' after \"CNa\"");
  CHECK(dn_error("=a") == "malformed DN \"=a\": expected an attribute type (such as CN) at position 1");
  CHECK(dn_error("CN=a\\") ==
        "malformed DN \"CN=a\\\": it ends in the middle of an escape; expected a character or two hex digits after \\");
  CHECK(dn_error("CN=a\\q") ==
        "malformed DN \"CN=a\\q\": \\q at position 5 is not an escape; expected \\ before one of ,+\"\\<>;=# or a "
        "space, or two hex digits");
  CHECK(dn_error("CN=a\\4") == "malformed DN \"CN=a\\4\": expected two hex digits after \\ at position 5");
  CHECK(dn_error("CN=a;b") == "malformed DN \"CN=a;b\": unescaped ';' at position 5; expected it escaped with \\");
  CHECK(dn_error("CN=\\ff,DC=x") ==
        "malformed DN \"CN=\\ff,DC=x\": the value of CN is not UTF-8; expected \\XX escapes to spell UTF-8 bytes");
  CHECK(dn_error("CN=\\00") == "malformed DN \"CN=\\00\": the value of CN holds a NUL byte");
  CHECK(dn_error("CN=#zz") == "malformed DN \"CN=#zz\": expected hex pairs after '#' at position 4");
  CHECK(dn_error("CN=#0402x") == "malformed DN \"CN=#0402x\": expected ',' or '+' after the #hex value at position 9");
  CHECK(dn_error(std::string_view("CN=a\0b", 6)).find("NUL byte at position 5; expected text") != std::string::npos);
  CHECK(dn_error("CN=x y,DC=<x>").find("unescaped '<'") != std::string::npos);
}

TEST_CASE("first_rdn_value: the name of a group from its DN") {
  CHECK(first_rdn_value("CN=Sales\\, EMEA,OU=Groups,DC=x") == "Sales, EMEA");
  CHECK(first_rdn_value("cn=developers,ou=groups,dc=example,dc=org") == "developers");
  CHECK(first_rdn_value("CN=John Doe+UID=jdoe,DC=x") == "John Doe");
  CHECK_THROWS_WITH(first_rdn_value(""), "the DN is empty; expected at least one RDN such as CN=name");
  CHECK_THROWS_AS(first_rdn_value("CN=a,,DC=x"), std::invalid_argument);  // the whole DN is checked
}

TEST_CASE("ad_account_disabled: bit 0x2 of userAccountControl") {
  CHECK_FALSE(ad_account_disabled("512"));  // NORMAL_ACCOUNT
  CHECK(ad_account_disabled("514"));        // NORMAL_ACCOUNT | ACCOUNTDISABLE
  CHECK(ad_account_disabled("66050"));      // ... | DONT_EXPIRE_PASSWORD
  CHECK_FALSE(ad_account_disabled("66048"));
  CHECK_FALSE(ad_account_disabled("0"));
  CHECK(ad_account_disabled("-2"));  // AD's Integer syntax is signed
  for (auto bad : {"", "disabled", "0x202", "514 ", "+514"})
    CHECK_THROWS_AS(ad_account_disabled(bad), std::invalid_argument);
  CHECK_THROWS_WITH(ad_account_disabled("TRUE"),
                    "userAccountControl \"TRUE\" is not a decimal integer that fits 64 bits");
}

TEST_CASE("ranged_attribute: AD's member,range=FIRST-LAST parts") {
  using R = std::pair<std::string, std::int64_t>;
  CHECK(ranged_attribute("member;range=0-1499") == R{"member", 0});
  CHECK(ranged_attribute("member;range=1500-*") == R{"member", 1500});
  CHECK(ranged_attribute("member;Range=1500-2999") == R{"member", 1500});
  CHECK(ranged_attribute("member;x-opt;range=3000-4499") == R{"member;x-opt", 3000});
  CHECK_FALSE(ranged_attribute("member").has_value());
  CHECK_FALSE(ranged_attribute("userCertificate;binary").has_value());
  CHECK_FALSE(ranged_attribute("member;ranges").has_value());
}

TEST_CASE("parse_ranged_attribute: the last part says '*', an earlier one means values are missing") {
  auto part = parse_ranged_attribute("member;range=0-1499");
  REQUIRE(part);
  CHECK(part->name == "member");
  CHECK(part->first == 0);
  CHECK(part->last == 1499);
  auto last = parse_ranged_attribute("member;range=1500-*");
  REQUIRE(last);
  CHECK_FALSE(last->last.has_value());
}

TEST_CASE("ranged_attribute: a malformed range is invalid_argument") {
  CHECK_THROWS_WITH(ranged_attribute("member;range=abc"),
                    "attribute \"member;range=abc\": no '-' in the range; expected range=FIRST-LAST or range=FIRST-*");
  CHECK_THROWS_WITH(ranged_attribute("member;range=1500-0"),
                    "attribute \"member;range=1500-0\": the range ends before it starts; expected range=FIRST-LAST or "
                    "range=FIRST-*");
  for (auto bad : {"member;range=-5-6", "member;range=0-", "member;range=0-1;range=2-3", "member;range=x-*"})
    CHECK_THROWS_AS(ranged_attribute(bad), std::invalid_argument);
}

TEST_CASE("is_binary_attribute: the known octet-string attributes and ,binary, any case") {
  for (auto name : {"objectGUID", "OBJECTGUID", "objectSid", "thumbnailPhoto", "jpegPhoto", "userCertificate",
                    "userCertificate;binary", "mS-DS-ConsistencyGuid", "msExchMailboxGuid", "userPassword",
                    "description;binary", "cn;BINARY", "objectGUID;x-opt"})
    CHECK(is_binary_attribute(name));
  for (auto name : {"cn", "description", "member;range=0-1499", "cn;lang-de", "objectGUIDs", "binary", "x;binaryx"})
    CHECK_FALSE(is_binary_attribute(name));
}
