#include "importers/ldif_importer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/test_util.h"

using namespace usersync;

namespace {
struct Collect : RecordSink {
  std::vector<Record> users;
  std::vector<GroupRecord> groups;
  std::vector<MembershipRecord> memberships;
  void user(const Record& r) override { users.push_back(r); }
  void group(const GroupRecord& g) override { groups.push_back(g); }
  void membership(const MembershipRecord& m) override { memberships.push_back(m); }

  const Record& user_with(const std::string& dn) const {
    auto it = std::find_if(users.begin(), users.end(), [&](const Record& r) { return r.id == dn; });
    REQUIRE(it != users.end());
    return *it;
  }
  bool has(const std::string& group, const std::string& member, const std::string& field = "") const {
    return std::any_of(memberships.begin(), memberships.end(), [&](const MembershipRecord& m) {
      return m.group == group && m.member == member && m.member_field == field;
    });
  }
};

SourceSpec spec_for(const std::string& path) {
  SourceSpec spec;
  spec.name = "ldap";
  spec.format = "ldif";
  spec.path = path;
  spec.files = {path};
  return spec;
}

/// Reads `text` as one LDIF file.
ImportStats import(const std::string& text, Collect& sink) {
  test::TempDir dir;
  return LdifImporter().read(spec_for(dir.write("export.ldif", text)), sink);
}

/// The message of the InputError that reading `text` throws, from the file name on.
std::string error_of(const std::string& text) {
  Collect sink;
  try {
    import(text, sink);
  } catch (const InputError& e) {
    std::string m = e.what();
    return m.substr(m.find("export.ldif"));  // drop the temp folder
  }
  return "no error";
}

const std::string kAdUser = R"(dn: CN=Dana Whitfield,OU=Disabled Users,DC=example,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: Dana Whitfield
userAccountControl: 514
lastLogonTimestamp: 133791858000003301
accountExpires: 0
memberOf: CN=Sales\, EMEA,OU=Groups,DC=example,DC=com
memberOf: CN=Alumni,OU=Groups,DC=example,DC=com
proxyAddresses: SMTP:dana.whitfield@example.com
proxyAddresses: smtp:dana@example.com
)";
}  // namespace

TEST_CASE("an AD user becomes a record with its derived fields and memberOf memberships", "[ldif_importer]") {
  Collect sink;
  auto stats = import(kAdUser, sink);
  CHECK(stats.records == 1);
  CHECK(stats.groups == 0);
  CHECK(stats.memberships == 2);
  CHECK(stats.encoding == "utf-8");
  REQUIRE(sink.users.size() == 1);
  const Record& r = sink.users[0];
  CHECK(r.id == "CN=Dana Whitfield,OU=Disabled Users,DC=example,DC=com");
  CHECK(r.line == 1);
  CHECK(r.file.ends_with("export.ldif"));
  CHECK(*r.get("cn") == "Dana Whitfield");
  CHECK(*r.get("@active") == "false");                     // 514: ACCOUNTDISABLE
  CHECK(*r.get("@last_login") == "2024-12-20T16:30:00Z");  // FILETIME 133791858000003301
  CHECK(r.get("@expires") == nullptr);                     // accountExpires 0: never
  CHECK(r.location("userAccountControl").line == 7);
  // A multi-valued attribute is a list and its values joined; a single value is no list.
  REQUIRE(r.list("proxyAddresses") != nullptr);
  CHECK(*r.list("proxyAddresses") == std::vector<std::string>{"SMTP:dana.whitfield@example.com", "smtp:dana@example.com"});
  CHECK(*r.get("proxyaddresses") == "SMTP:dana.whitfield@example.com; smtp:dana@example.com");
  CHECK(r.list("cn") == nullptr);

  REQUIRE(sink.memberships.size() == 2);
  const auto& sales = sink.memberships[0];
  CHECK(sales.group == "CN=Sales\\, EMEA,OU=Groups,DC=example,DC=com");
  CHECK(sales.group_name == "Sales, EMEA");
  CHECK(sales.member == r.id);
  CHECK(sales.member_field.empty());
  CHECK(sales.type == MemberType::user);
  CHECK(sales.line == 10);
  CHECK(sink.memberships[1].group_name == "Alumni");
}

TEST_CASE("an enabled AD user with an expiry date, a user without lists has none", "[ldif_importer]") {
  Collect sink;
  import(R"(dn: CN=Lena Fischer,OU=Contractors,DC=example,DC=com
objectClass: user
userAccountControl: 66048
accountExpires: 134011584000000000
)",
         sink);
  REQUIRE(sink.users.size() == 1);
  const Record& r = sink.users[0];
  CHECK(*r.get("@active") == "true");
  CHECK(*r.get("@expires") == "2025-09-01T00:00:00Z");
  CHECK(r.get("@last_login") == nullptr);
  CHECK(r.lists.empty());
}

TEST_CASE("AD groups: ranged member parts are one member list, computers and contacts are skipped", "[ldif_importer]") {
  Collect sink;
  auto stats = import(R"(dn: CN=Sales\, EMEA,OU=Groups,DC=example,DC=com
objectClass: top
objectClass: group
cn: Sales, EMEA
member;range=0-1: CN=Ingrid Solberg,OU=Staff,DC=example,DC=com
member;range=2-*: CN=Sean O'Brien,OU=Staff,DC=example,DC=com
memberOf: CN=All,OU=Groups,DC=example,DC=com

dn: CN=ENG-BUILD-01,OU=Workstations,DC=example,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
objectClass: computer
userAccountControl: 4096

dn: CN=Pat Vendor,OU=Contacts,DC=example,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: contact
mail: pat@vendor.example

dn: OU=Staff,DC=example,DC=com
objectClass: organizationalUnit
)",
                      sink);
  CHECK(stats.records == 0);  // neither the computer nor the contact (no account) is a user
  CHECK(sink.users.empty());
  CHECK(stats.groups == 1);
  REQUIRE(sink.groups.size() == 1);
  CHECK(sink.groups[0].id == "CN=Sales\\, EMEA,OU=Groups,DC=example,DC=com");
  CHECK(sink.groups[0].name == "Sales, EMEA");
  CHECK(sink.groups[0].line == 1);
  // A group's own memberOf is nesting, which is not flattened: only its members count.
  CHECK(stats.memberships == 2);
  REQUIRE(sink.memberships.size() == 2);
  CHECK(sink.has(sink.groups[0].id, "CN=Ingrid Solberg,OU=Staff,DC=example,DC=com"));
  CHECK(sink.has(sink.groups[0].id, "CN=Sean O'Brien,OU=Staff,DC=example,DC=com"));
  CHECK(sink.memberships[1].line == 6);
}

TEST_CASE("a user entry's ranged attribute is one field under its plain name", "[ldif_importer]") {
  Collect sink;
  import(R"(dn: uid=a,dc=x
objectClass: inetOrgPerson
uid: a
otherMailbox;range=0-0: a@x
otherMailbox;range=1-*: b@x
)",
         sink);
  REQUIRE(sink.users.size() == 1);
  CHECK(sink.users[0].header->names() == std::vector<std::string>{"objectClass", "uid", "otherMailbox", "@active"});
  CHECK(*sink.users[0].get("otherMailbox") == "a@x; b@x");
  CHECK(*sink.users[0].get("@active") == "true");  // no userAccountControl: OpenLDAP
}

TEST_CASE("OpenLDAP groups: groupOfNames members by DN, posixGroup members by uid", "[ldif_importer]") {
  Collect sink;
  auto stats = import(R"(version: 1

dn: cn=Engineering,ou=Groups,dc=example,dc=com
objectClass: groupOfNames
cn: Engineering
member: uid=ZAngstrom,ou=people,dc=Example,dc=com
member: cn=Backend,ou=Groups,dc=example,dc=com

dn: cn=Sales\2C EMEA,ou=Groups,dc=example,dc=com
objectClass: posixGroup
cn: Sales, EMEA
gidNumber: 5003
memberUid: xwang
memberUid: jsmith

dn: cn=Alumni,ou=Groups,dc=example,dc=com
objectClass: posixGroup
gidNumber: 5004
)",
                      sink);
  CHECK(stats.groups == 3);
  CHECK(stats.records == 0);
  CHECK(stats.memberships == 4);
  REQUIRE(sink.groups.size() == 3);
  CHECK(sink.groups[1].name == "Sales, EMEA");
  CHECK(sink.groups[2].name == "Alumni");  // no cn: the DN's first RDN
  // Members are not judged here: a group DN or an unknown uid goes to the join like any other.
  CHECK(sink.has("cn=Engineering,ou=Groups,dc=example,dc=com", "uid=ZAngstrom,ou=people,dc=Example,dc=com"));
  CHECK(sink.has("cn=Engineering,ou=Groups,dc=example,dc=com", "cn=Backend,ou=Groups,dc=example,dc=com"));
  CHECK(sink.has("cn=Sales\\2C EMEA,ou=Groups,dc=example,dc=com", "xwang", "uid"));
  CHECK(sink.has("cn=Sales\\2C EMEA,ou=Groups,dc=example,dc=com", "jsmith", "uid"));
}

TEST_CASE("user_classes and group_classes decide what an entry is", "[ldif_importer]") {
  test::TempDir dir;
  auto spec = spec_for(dir.write("e.ldif", R"(dn: uid=a,dc=x
objectClass: account
uid: a

dn: uid=b,dc=x
objectClass: inetOrgPerson
uid: b

dn: cn=g,dc=x
objectClass: groupOfNames
objectClass: account
cn: g
)"));
  spec.options["user_classes"] = {"Account"};
  Collect sink;
  auto stats = LdifImporter().read(spec, sink);
  CHECK(stats.records == 1);
  REQUIRE(sink.users.size() == 1);
  CHECK(sink.users[0].id == "uid=a,dc=x");
  CHECK(stats.groups == 1);  // a group class wins over a person class
}

TEST_CASE("malformed values are refused at their line, naming the attribute", "[ldif_importer]") {
  CHECK(error_of("dn: CN=a,DC=x\nobjectClass: user\nuserAccountControl: 512x\n") ==
        "export.ldif:3: userAccountControl \"512x\" is not a decimal integer that fits 64 bits");
  CHECK(error_of("dn: CN=a,DC=x\nobjectClass: user\nlastLogonTimestamp: -1\n") ==
        "export.ldif:3: lastLogonTimestamp: FILETIME \"-1\" is not a non-negative decimal integer that fits 64 bits");
  CHECK(error_of("dn: CN=a,DC=x\nobjectClass: user\nmemberOf: CN=g,,DC=x\n").starts_with(
      "export.ldif:3: memberOf: malformed DN \"CN=g,,DC=x\""));
  CHECK(error_of("dn: CN=g,DC=x\nobjectClass: group\nmember: CN=a\nmember: nonsense\n").starts_with(
      "export.ldif:4: member: malformed DN \"nonsense\""));
  CHECK(error_of("dn: CN=g,DC=x\ncn: g\n") ==
        "export.ldif:1: entry \"CN=g,DC=x\" has no objectClass; expected every entry to list its objectClass values "
        "(add objectClass to the attributes ldapsearch requests)");
}

TEST_CASE("an export that ldapsearch says is incomplete is refused", "[ldif_importer]") {
  CHECK(error_of(R"(dn: CN=a,DC=x
objectClass: user

# search result
search: 2
result: 4 Size limit exceeded
)") == "export.ldif:6: ldapsearch reported \"4 Size limit exceeded\": the export is incomplete, so the import was "
       "refused rather than taking the entries it lacks as deleted; expected \"result: 0 Success\" (raise the "
       "server's size or time limit, or page the search with ldapsearch -E pr=500/noprompt)");
}

TEST_CASE("the OpenLDAP fixture: 12 people, 4 groups, members by DN and by uid", "[ldif_importer]") {
  const auto path =
      (std::filesystem::path(USERSYNC_TEST_DATA).parent_path() / "e2e/fixtures/dumps/ldif/openldap.ldif").string();
  Collect sink;
  auto stats = LdifImporter().read(spec_for(path), sink);
  CHECK(stats.records == 12);
  CHECK(stats.groups == 4);
  CHECK(stats.memberships == 13);  // 4 member, 4 uniqueMember, 5 memberUid; no memberOf in OpenLDAP
  const Record& lukasz = sink.user_with("uid=lwrobel,ou=People,dc=example,dc=com");
  CHECK(*lukasz.get("@active") == "true");
  REQUIRE(lukasz.list("cn") != nullptr);
  CHECK(*lukasz.list("cn") == std::vector<std::string>{"Łukasz Wróbel", "Lukasz Wrobel"});
  CHECK(sink.has("cn=Engineering,ou=Groups,dc=example,dc=com", "UID=LWROBEL,OU=People,DC=EXAMPLE,DC=COM"));
  CHECK(sink.has("cn=Backend,ou=Groups,dc=example,dc=com", "uid=kmensah,ou=PEOPLE,dc=example,dc=com"));
  CHECK(sink.has("cn=Sales\\2C EMEA,ou=Groups,dc=example,dc=com", "zangstrom", "uid"));
}

TEST_CASE("the AD fixture: 12 people, 4 groups, memberships both ways", "[ldif_importer]") {
  // USERSYNC_TEST_DATA is tests/data, which need not exist: go through its parent, tests/.
  const auto path = (std::filesystem::path(USERSYNC_TEST_DATA).parent_path() / "e2e/fixtures/dumps/ldif/ad.ldif").string();
  Collect sink;
  auto stats = LdifImporter().read(spec_for(path), sink);
  CHECK(stats.records == 12);
  CHECK(sink.users.size() == 12);
  CHECK(stats.groups == 4);
  std::vector<std::string> names;
  for (const auto& g : sink.groups) names.push_back(g.name);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"Alumni", "Backend", "Engineering", "Sales, EMEA"});
  CHECK(stats.memberships == static_cast<std::int64_t>(sink.memberships.size()));

  const Record& dana = sink.user_with("CN=Dana Whitfield,OU=Disabled Users,DC=example,DC=com");
  CHECK(*dana.get("@active") == "false");
  CHECK(*dana.get("sAMAccountName") == "dwhitfield");
  CHECK(dana.get("@expires") == nullptr);  // 9223372036854775807: never
  const Record& lena = sink.user_with("CN=Lena Fischer,OU=Contractors,DC=example,DC=com");
  CHECK(*lena.get("@active") == "true");
  CHECK(*lena.get("@expires") == "2027-06-30T22:00:00Z");
  CHECK(sink.user_with("CN=Zoë Ångström,OU=Staff,DC=example,DC=com").get("mail") != nullptr);  // base64 DN

  const std::string sales = "CN=Sales\\, EMEA,OU=Groups,DC=example,DC=com";
  // From Sales, EMEA's ranged member list and from Sean's memberOf.
  CHECK(sink.has(sales, "CN=Sean O'Brien,OU=Staff,DC=example,DC=com"));
  CHECK(sink.has(sales, "CN=Zoë Ångström,OU=Staff,DC=example,DC=com"));
  CHECK(sink.has("CN=Backend,OU=Groups,DC=example,DC=com", "CN=José Núñez,OU=Staff,DC=example,DC=com"));
  // Engineering's non-user members are sent too: the join tells them apart.
  CHECK(sink.has("CN=Engineering,OU=Groups,DC=example,DC=com", "CN=ENG-BUILD-01,OU=Workstations,DC=example,DC=com"));
  auto from_member_of = std::count_if(sink.memberships.begin(), sink.memberships.end(), [&](const MembershipRecord& m) {
    return m.group == sales && !m.group_name.empty();
  });
  CHECK(from_member_of == 4);  // Zoë, Ingrid, Sean, Xiuying
}
