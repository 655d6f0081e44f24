#include "importers/dump_importer.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "importers/keycloak_export_importer.h"
#include "importers/source_files.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
// tests/data need not exist: the fixtures are found from its parent, tests/.
const std::string kDumps = (std::filesystem::path(USERSYNC_TEST_DATA).parent_path() / "e2e/fixtures/dumps/").string();

struct Collect : RecordSink {
  std::vector<Record> users;
  std::map<std::string, std::string> groups;  // id -> name
  std::vector<MembershipRecord> members;
  void user(const Record& r) override { users.push_back(r); }
  void group(const GroupRecord& g) override { groups[g.id] = g.name; }
  void membership(const MembershipRecord& m) override { members.push_back(m); }

  const Record& by_id(const std::string& id) const {
    for (const auto& u : users)
      if (u.id == id) return u;
    throw std::runtime_error("no user " + id);
  }
  std::string field(const std::string& id, const std::string& name) const {
    const std::string* v = by_id(id).get(name);
    return v ? *v : "<absent>";
  }
  std::size_t nested() const {
    return static_cast<std::size_t>(
        std::count_if(members.begin(), members.end(), [](const auto& m) { return m.type == MemberType::group; }));
  }
  /// The group names of a member, as the staging join would give them (by group id).
  std::vector<std::string> groups_of(const std::string& member) const {
    std::vector<std::string> out;
    for (const auto& m : members)
      if (m.member == member) out.push_back(groups.count(m.group) ? groups.at(m.group) : m.group_name);
    std::sort(out.begin(), out.end());
    return out;
  }
};

SourceSpec spec_for(const std::string& folder) {
  SourceSpec s;
  s.name = "idp";
  s.path = folder;
  s.files = source_files(folder, true);
  return s;
}

Collect import(DumpProvider p, const std::string& folder, ImportStats* stats = nullptr) {
  Collect c;
  DumpImporter importer(p);
  auto st = importer.read(spec_for(folder), c);
  if (stats) *stats = st;
  return c;
}

std::string error_of(DumpProvider p, const std::string& folder) {
  try {
    import(p, folder);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

/// A copy of a fixture folder to break.
std::string copy_of(const test::TempDir& dir, const std::string& provider) {
  auto to = dir.path(provider);
  std::filesystem::copy(kDumps + provider, to, std::filesystem::copy_options::recursive);
  return to;
}
}  // namespace

TEST_CASE("Okta: users across pages, groups by profile.name, Everyone is not a group", "[dump_importer]") {
  ImportStats stats;
  auto c = import(DumpProvider::okta, kDumps + "okta", &stats);
  CHECK(stats.records == 12);
  CHECK(c.users.size() == 12);
  CHECK(c.groups.size() == 4);  // Everyone (BUILT_IN) left out
  CHECK(c.field("00uu6jKEdDmTwBoW6yPo", "profile.login") == "Sean.OBrien@Example.com");
  CHECK(c.field("00uutIX7Izd6stMadsuA", "@active") == "false");   // SUSPENDED
  CHECK(c.field("00uEhG6AP16sksEBgJge", "@active") == "true");    // RECOVERY
  CHECK(c.field("00uP6CKOOEMlbK3reMSx", "@active") == "false");   // STAGED
  CHECK(c.field("00uL3X3uZ44OFjNgx0OB", "lastLogin") == "<absent>");  // null
  CHECK(c.field("00u4kuJiv11kRKCwLHTM", "@full_name") == "Zoë Ångström");
  CHECK(c.groups_of("00u4kuJiv11kRKCwLHTM") == std::vector<std::string>{"Engineering", "Sales, EMEA"});
  CHECK(c.by_id("00u4kuJiv11kRKCwLHTM").location("profile.login").pointer == "/0/profile/login");
}

TEST_CASE("Okta: active_statuses changes what is active", "[dump_importer]") {
  Collect c;
  auto spec = spec_for(kDumps + "okta");
  spec.options["active_statuses"] = {"ACTIVE", "STAGED"};
  DumpImporter(DumpProvider::okta).read(spec, c);
  CHECK(c.field("00uP6CKOOEMlbK3reMSx", "@active") == "true");   // STAGED
  CHECK(c.field("00uEhG6AP16sksEBgJge", "@active") == "false");  // RECOVERY
}

TEST_CASE("Graph: only user members count, the others are counted", "[dump_importer]") {
  ImportStats stats;
  auto c = import(DumpProvider::graph, kDumps + "graph", &stats);
  CHECK(c.users.size() == 12);
  CHECK(stats.other_members == 1);  // the device in Engineering
  CHECK(c.nested() == 1);           // Backend inside Engineering, kept for nested_groups = "flatten"
  CHECK(c.groups_of("c3c83871-12b1-4856-8e73-aad13ab4b678") == std::vector<std::string>{"Backend", "Engineering"});
  CHECK(c.field("02780406-1fbd-4997-a84b-0924eca9a7da", "mail") == "<absent>");
  CHECK(c.by_id("85055c8a-7f54-4dd0-bc4d-a6d6103402d5").pointer == "/value/0");
}

TEST_CASE("Google: selectors reach externalIds and the primary organization", "[dump_importer]") {
  auto c = import(DumpProvider::google, kDumps + "google");
  CHECK(c.users.size() == 11);
  const std::string zoe = "178330454150598086888";
  CHECK(c.field(zoe, "externalIds[type=organization].value") == "1001");
  CHECK(c.field(zoe, "organizations[primary].department") == "Engineering");
  CHECK(c.field("126096729138163772507", "@active") == "false");  // suspended
  CHECK(c.field("115295482181532555816", "@active") == "false");  // archived
  CHECK(c.field(zoe, "@active") == "true");
}

TEST_CASE("Keycloak: sub-groups from children files, createdTimestamp as @created", "[dump_importer]") {
  auto c = import(DumpProvider::keycloak, kDumps + "keycloak");
  CHECK(c.users.size() == 12);
  CHECK(c.groups.count("18ef8888-2865-47ec-8732-af1b45112c39"));
  CHECK(c.groups.at("18ef8888-2865-47ec-8732-af1b45112c39") == "Backend");
  CHECK(c.field("12f590df-b615-4a7c-98e6-0d16c1e8b32a", "@created").size() == 20);
  REQUIRE(c.by_id("12f590df-b615-4a7c-98e6-0d16c1e8b32a").list("attributes.department"));
}

TEST_CASE("OneLogin: roles are the groups, integer ids as decimal text", "[dump_importer]") {
  auto c = import(DumpProvider::onelogin, kDumps + "onelogin");
  CHECK(c.users.size() == 12);
  CHECK(c.field("61237570", "@active") == "true");   // status 8
  CHECK(c.field("61237528", "@active") == "false");  // status 2
  CHECK(c.groups_of("61237523") == std::vector<std::string>{"Engineering", "Sales, EMEA"});
}

TEST_CASE("SCIM: members inline, Group members left out", "[dump_importer]") {
  ImportStats stats;
  auto c = import(DumpProvider::scim, kDumps + "scim", &stats);
  CHECK(c.users.size() == 12);
  CHECK(stats.other_members == 0);
  CHECK(c.nested() == 1);  // Backend inside Engineering
  CHECK(c.groups_of("f159a7eb-2eba-4f61-9585-007782adba22") == std::vector<std::string>{"Backend", "Engineering"});
}

TEST_CASE("Google leaves empty lists out: a tenant without groups is no error", "[dump_importer]") {
  test::TempDir dir;
  auto google = copy_of(dir, "google");
  for (const auto& f : std::filesystem::directory_iterator(google))
    if (f.path().filename().string().rfind("groups-", 0) == 0) std::filesystem::remove(f.path());
  dir.write("google/groups-page-1.json", "{\"kind\": \"admin#directory#groups\", \"etag\": \"x\"}");
  ImportStats stats;
  auto c = import(DumpProvider::google, google, &stats);
  CHECK(c.users.size() == 11);
  CHECK(c.groups.empty());
}

TEST_CASE("Keycloak realm export: users name groups by path", "[dump_importer]") {
  Collect c;
  SourceSpec spec;
  spec.path = kDumps + "keycloak-export/realm-export.json";
  spec.files = {spec.path};
  KeycloakExportImporter().read(spec, c);
  CHECK(c.users.size() == 12);
  CHECK(c.groups_of("5358f3ab-b534-4983-a95a-e94016c5a82f") == std::vector<std::string>{"Backend", "Engineering"});
  CHECK(c.groups.at("/Engineering/Backend") == "Backend");
}

TEST_CASE("a gap in the pages, a missing linked page, and wrong envelopes are refused", "[dump_importer]") {
  test::TempDir dir;
  SECTION("a page missing in the middle") {
    auto okta = copy_of(dir, "okta");
    std::filesystem::rename(okta + "/users-page-2.json", okta + "/users-page-3.json");
    CHECK_THAT(error_of(DumpProvider::okta, okta), Catch::Contains("page 2 of users is missing"));
  }
  SECTION("a nextLink to a page that is not there") {
    auto graph = copy_of(dir, "graph");
    std::filesystem::remove(graph + "/users-page-2.json");
    CHECK_THAT(error_of(DumpProvider::graph, graph),
               Catch::Contains("users-page-1.json: this answer has @odata.nextLink, but users-page-2.json is missing"));
  }
  SECTION("SCIM pages that hold fewer than totalResults") {
    auto scim = copy_of(dir, "scim");
    std::filesystem::remove(scim + "/users-page-2.json");
    CHECK_THAT(error_of(DumpProvider::scim, scim), Catch::Contains("users-page-1.json#/totalResults: totalResults is 12"));
  }
  SECTION("a bare array where Graph has an envelope") {
    auto graph = copy_of(dir, "graph");
    dir.write("graph/users-page-2.json", "[]");
    CHECK_THAT(error_of(DumpProvider::graph, graph), Catch::Contains("expected a Microsoft Graph answer"));
  }
  SECTION("truncated JSON is located") {
    auto okta = copy_of(dir, "okta");
    dir.write("okta/users-page-2.json", "[{\"id\": \"00x\", \"profile\": {\"login\": \"a\"");
    CHECK_THAT(error_of(DumpProvider::okta, okta), Catch::Contains("users-page-2.json:1:"));
  }
  SECTION("a user without an id is located by JSON pointer") {
    auto okta = copy_of(dir, "okta");
    dir.write("okta/users-page-2.json", "[{\"profile\": {\"login\": \"a\"}}]");
    CHECK_THAT(error_of(DumpProvider::okta, okta), Catch::Contains("users-page-2.json#/0: this user has no \"id\""));
  }
  SECTION("deep nesting is refused, not recursed into") {
    auto okta = copy_of(dir, "okta");
    std::string deep = "[{\"id\":\"x\",\"profile\":";
    for (int i = 0; i < 100; ++i) deep += "{\"a\":";
    deep += "1";
    for (int i = 0; i < 100; ++i) deep += "}";
    dir.write("okta/users-page-2.json", deep + "}]");
    CHECK_THAT(error_of(DumpProvider::okta, okta), Catch::Contains("nested deeper than"));
  }
  SECTION("a page numbered from 0 or with a leading zero is refused, not left out") {
    auto okta = copy_of(dir, "okta");
    std::filesystem::rename(okta + "/users-page-2.json", okta + "/users-page-02.json");
    CHECK_THAT(error_of(DumpProvider::okta, okta),
               Catch::Contains("users-page-02.json: page numbers start at 1 and have no leading zeros"));
  }
  SECTION("content after the answer's JSON value is refused") {
    auto okta = copy_of(dir, "okta");
    std::ofstream(okta + "/users-page-2.json", std::ios::app) << "[{\"id\": \"zzz\"}]";
    CHECK_THAT(error_of(DumpProvider::okta, okta), Catch::Contains("unexpected content after the JSON value"));
  }
  SECTION("a malformed value the importer does not need is refused too") {
    auto graph = copy_of(dir, "graph");
    dir.write("graph/users-page-2.json", "{\"junk\": [1, 2.3.4], \"value\": []}");
    CHECK_THAT(error_of(DumpProvider::graph, graph), Catch::Contains("users-page-2.json:1:"));
  }
  SECTION("a folder that is not a dump") {
    std::filesystem::create_directories(dir.path("other"));
    dir.write("other/readme.txt", "hello");
    CHECK_THAT(error_of(DumpProvider::okta, dir.path("other")), Catch::Contains("no users-page-1.json"));
  }
}
