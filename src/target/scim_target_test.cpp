#include "target/scim_target.h"

#include <catch2/catch.hpp>
#include <deque>

using namespace usersync;
using nlohmann::json;

namespace {
/// Answers requests in order and remembers them ("METHOD path body").
struct ScriptedService : HttpTransport {
  std::deque<HttpResponse> answers;
  std::vector<std::string> requests;
  HttpResponse send(const HttpRequest& r) override {
    requests.push_back(r.method + " " + r.url.substr(r.url.find("/v2") + 3) + (r.body.empty() ? "" : " " + r.body));
    REQUIRE_FALSE(answers.empty());
    auto a = answers.front();
    answers.pop_front();
    return a;
  }
  void answer(long status, const json& body = nullptr) {
    answers.push_back({status, body.is_null() ? std::string() : body.dump(), std::nullopt});
  }
};

json page(int total, std::vector<json> resources) {
  return {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
          {"totalResults", total},
          {"Resources", resources}};
}
json user(const std::string& id, const std::string& name) { return {{"id", id}, {"userName", name}}; }

/// A client of `s` that never waits, and what a plan against a directory with eve (id `eve_id`)
/// and the group staff knows.
struct Fixture {
  ScriptedService s;
  HttpClient http{s, RetryPolicy{1}, [](double) {}};
  ScimClient client{http, "https://h/scim/v2", 100};
  DirectoryState known;
  explicit Fixture(const std::string& eve_id) {
    known.users.push_back({});
    known.users.back().username = "eve";
    known.users.back().remote_id = eve_id;
    known.groups.push_back({0, "staff", false, "g-staff"});
  }
};
}  // namespace

TEST_CASE("a service's users and groups make a directory, members from the groups") {
  auto snap = snapshot_from({user("2", "bo"), user("1", "Ann")},
                            {{{"id", "g1"},
                              {"displayName", "staff"},
                              {"members",
                               {{{"value", "1"}},
                                {{"value", "2"}, {"type", "User"}},
                                {{"value", "g2"}, {"type", "Group"}},
                                {{"value", "unknown"}}}}},
                             {{"id", "g2"}, {"displayName", "Admins"}, {"members", {{{"value", "1"}}}}}});
  REQUIRE(snap.state.users.size() == 2);
  CHECK(snap.state.users[0].username == "Ann");
  CHECK(snap.state.users[0].groups == std::vector<std::string>{"Admins", "staff"});
  CHECK(snap.state.users[1].groups == std::vector<std::string>{"staff"});
  CHECK(snap.state.groups[0].name == "Admins");
  CHECK(snap.state.groups[0].remote_id == "g2");
  CHECK(snap.members_ignored == 2);  // a nested group and an id that is no user
  // The fingerprint covers the memberships: without the groups, the same users differ.
  CHECK(snap.fingerprint != snapshot_from({user("1", "Ann"), user("2", "bo")}, {}).fingerprint);
  CHECK(snap.fingerprint ==
        snapshot_from({user("1", "Ann"), user("2", "bo")},
                      {{{"id", "g2"}, {"displayName", "Admins"}, {"members", {{{"value", "1"}}}}},
                       {{"id", "g1"}, {"displayName", "staff"}, {"members", {{{"value", "2"}}, {{"value", "1"}}}}}})
            .fingerprint);
}

TEST_CASE("what cannot be planned against is bad input, named") {
  CHECK_THROWS_WITH(snapshot_from({user("1", "bo"), user("2", "BO")}, {}),
                    "GET /Users: the SCIM target has two users named 'bo' and 'BO' (ids 1 and 2); usersync tells "
                    "users apart by username, ignoring case");
  CHECK_THROWS_WITH(snapshot_from({user("1", "a"), user("1", "b")}, {}),
                    "GET /Users: the SCIM target lists id 1 twice");
  CHECK_THROWS_WITH(snapshot_from({{{"userName", "x"}}}, {}), Catch::StartsWith("GET /Users: a user without id"));
  CHECK_THROWS_WITH(snapshot_from({}, {{{"id", "g"}, {"displayName", nullptr}}}),
                    Catch::StartsWith("GET /Groups: a group without displayName"));
}

TEST_CASE("lists are paged by what the service returns, and a service that ignores startIndex is refused") {
  ScriptedService s;
  HttpClient http(s, RetryPolicy{1}, [](double) {});
  ScimClient client(http, "https://h/scim/v2/", 3);
  s.answer(200, page(5, {user("1", "a"), user("2", "b")}));  // fewer than asked for
  s.answer(200, page(5, {user("3", "c"), user("4", "d"), user("5", "e")}));
  CHECK(client.list("Users").size() == 5);
  CHECK(s.requests == std::vector<std::string>{"GET /Users?startIndex=1&count=3", "GET /Users?startIndex=3&count=3"});

  s.answer(200, page(1000, {user("1", "a")}));
  s.answer(200, page(1000, {user("1", "a")}));
  CHECK_THROWS_WITH(client.list("Users"), Catch::Contains("repeats the page before it (the same first id 1)"));
  s.answer(200, json{{"Resources", json::array()}});
  CHECK_THROWS_WITH(client.list("Groups"), Catch::Contains("is not a ListResponse"));
  s.answer(200, page(-1, {}));
  CHECK_THROWS_WITH(client.list("Groups"), Catch::Contains("has totalResults -1"));
}

TEST_CASE("a failed create skips the changes that depend on it, the rest goes on") {
  Fixture f("u-eve");
  auto& s = f.s;
  ScimExecutor exec(f.client, ScimCapabilities{true, false, 0, true, 0}, f.known);
  s.answer(200, page(0, {}));  // lookup before the create: nobody
  s.answer(409, json{{"scimType", "uniqueness"}, {"detail", "userName taken"}});
  s.answer(200, json{{"id", "u-eve"}});  // eve's rename
  s.answer(200, json{{"id", "u-eve"}});  // eve's update, under her new name
  std::vector<Change> changes{
      {ChangeKind::user_create, "hana", "", "", {}, {}, {}, {}},
      {ChangeKind::user_rename, "eve2", "", "username", "eve", "eve2", {}, {}},
      {ChangeKind::user_update, "eve2", "", "title", {}, "Dev", {}, {}},
      {ChangeKind::membership_add, "hana", "staff", "", {}, {}, {}, {}},
  };
  std::vector<std::size_t> reported;
  auto out = exec.apply(changes, Timestamp{0},
                        [&](std::size_t i, const Change&, const ChangeOutcome&) { reported.push_back(i); });
  REQUIRE(out.outcomes.size() == 4);
  CHECK(out.outcomes[0]->status == Outcome::failed);
  CHECK(out.outcomes[0]->http_status == 409);
  CHECK(out.outcomes[0]->scim_type == "uniqueness");
  CHECK(out.outcomes[0]->detail == "POST /Users: HTTP 409 (uniqueness): userName taken");
  CHECK(out.outcomes[1]->status == Outcome::applied);
  CHECK(out.outcomes[2]->status == Outcome::applied);
  CHECK(out.outcomes[3]->status == Outcome::skipped);
  CHECK(out.outcomes[3]->detail == "not sent: the creation of 'hana' failed first");
  CHECK(reported == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(s.requests[3].rfind("PATCH /Users/u-eve ", 0) == 0);  // the update found eve under her new name
  CHECK(s.answers.empty());
}

TEST_CASE("without PATCH, a change is a GET and a PUT of the whole resource") {
  Fixture f("7");
  auto& s = f.s;
  ScimExecutor exec(f.client, ScimCapabilities{false, false, 0, true, 0}, f.known);
  s.answer(200, json{{"id", "7"}, {"userName", "eve"}, {"active", true}, {"meta", {{"version", "1"}}}});
  s.answer(200, json{{"id", "7"}});
  auto out = exec.apply({{ChangeKind::user_deactivate, "eve", "", "", "true", "false", {}, {}}}, Timestamp{0});
  CHECK(out.outcomes[0]->status == Outcome::applied);
  REQUIRE(s.requests.size() == 2);
  CHECK(s.requests[0] == "GET /Users/7");
  CHECK(s.requests[1] == R"(PUT /Users/7 {"active":false,"id":"7","userName":"eve"})");
}

TEST_CASE("membership changes go as one PATCH per group, a refused batch is retried one by one") {
  Fixture f("u-eve");
  auto& s = f.s;
  f.known.users.push_back({});
  f.known.users.back().username = "bo";
  f.known.users.back().remote_id = "u-bo";
  f.known.groups.push_back({0, "ops", false, "g-ops"});
  ScimExecutor exec(f.client, ScimCapabilities{true, false, 0, false, 0}, f.known);
  std::vector<Change> changes{
      {ChangeKind::membership_add, "bo", "ops", "", {}, {}, {}, {}},
      {ChangeKind::membership_add, "bo", "staff", "", {}, {}, {}, {}},
      {ChangeKind::membership_add, "eve", "ops", "", {}, {}, {}, {}},
      {ChangeKind::membership_add, "eve", "staff", "", {}, {}, {}, {}},
      {ChangeKind::membership_add, "nobody", "staff", "", {}, {}, {}, {}},  // no id: fails alone
  };
  s.answer(200, json::object());                                       // ops: bo and eve at once
  s.answer(400, json{{"scimType", "invalidValue"}, {"detail", "x"}});  // staff: the batch is refused
  s.answer(200, json::object());                                       // bo alone: fine
  s.answer(400, json{{"scimType", "invalidValue"}, {"detail", "eve cannot join"}});
  auto out = exec.apply(changes, Timestamp{0});
  REQUIRE(out.outcomes.size() == 5);
  CHECK(
      s.requests[0] ==
      R"(PATCH /Groups/g-ops {"Operations":[{"op":"add","path":"members","value":[{"value":"u-bo"},{"value":"u-eve"}]}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]})");
  CHECK(s.requests.size() == 4);
  CHECK(out.outcomes[0]->status == Outcome::applied);
  CHECK(out.outcomes[1]->status == Outcome::applied);
  CHECK(out.outcomes[2]->status == Outcome::applied);
  CHECK(out.outcomes[3]->status == Outcome::failed);
  CHECK(out.outcomes[3]->detail == "PATCH /Groups/g-staff: HTTP 400 (invalidValue): eve cannot join");
  CHECK(out.outcomes[4]->status == Outcome::failed);
  CHECK(out.outcomes[4]->detail == "the SCIM target has no user 'nobody'");
}

TEST_CASE("memberships are sent last, together per group, except those of a user the plan deletes") {
  Fixture f("u-eve");
  auto& s = f.s;
  f.known.users.push_back({});
  f.known.users.back().username = "old";
  f.known.users.back().remote_id = "u-old";
  ScimExecutor exec(f.client, ScimCapabilities{true, false, 0, true, 0}, f.known);
  Attributes a;
  a.set("email", "hana@x");
  std::vector<Change> changes{
      {ChangeKind::user_create, "hana", "", "", {}, {}, a, {}},
      {ChangeKind::membership_add, "hana", "staff", "", {}, {}, {}, {}},
      {ChangeKind::user_update, "eve", "", "title", {}, "Dev", {}, {}},
      {ChangeKind::membership_add, "eve", "staff", "", {}, {}, {}, {}},
      {ChangeKind::membership_remove, "old", "staff", "", {}, {}, {}, {}},
      {ChangeKind::user_delete, "old", "", "", {}, {}, {}, {}},
  };
  s.answer(200, page(0, {}));             // lookup before creating hana: nobody
  s.answer(201, json{{"id", "u-hana"}});  // POST hana
  s.answer(200, json::object());          // PATCH eve's title
  s.answer(200, json::object());          // old leaves staff, before old is deleted
  s.answer(204);                          // DELETE old
  s.answer(200, json::object());          // staff: hana and eve in one PATCH
  std::vector<std::size_t> reported;
  auto out = exec.apply(changes, Timestamp{0},
                        [&](std::size_t i, const Change&, const ChangeOutcome&) { reported.push_back(i); });
  CHECK(out.count(Outcome::applied) == 6);
  CHECK(reported == std::vector<std::size_t>{0, 2, 4, 5, 1, 3});
  REQUIRE(s.requests.size() == 6);
  CHECK(s.requests[3].rfind("PATCH /Groups/g-staff ", 0) == 0);
  CHECK(s.requests[4] == "DELETE /Users/u-old");
  CHECK(
      s.requests[5] ==
      R"(PATCH /Groups/g-staff {"Operations":[{"op":"add","path":"members","value":[{"value":"u-hana"},{"value":"u-eve"}]}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]})");
}
