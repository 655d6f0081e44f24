#include "target/scim_codec.h"

#include <catch2/catch.hpp>

#include "target/scim_client.h"

using namespace usersync;
using nlohmann::json;

TEST_CASE("a SCIM User resource reads into the directory's attributes") {
  auto r = json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "u-17", "userName": "Ana.Lima",
    "name": {"givenName": "Ana", "familyName": "Lima"}, "displayName": "Ana Lima", "externalId": "E17",
    "emails": [{"value": "old@x", "primary": false}, {"value": "ana@x", "primary": true}], "active": false,
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}})");
  auto u = user_from_scim(r);
  CHECK(u.remote_id == "u-17");
  CHECK(u.username == "Ana.Lima");
  CHECK_FALSE(u.active);
  CHECK(u.attrs.get("email") == "ana@x");
  CHECK(u.attrs.get("first_name") == "Ana");
  CHECK(u.attrs.get("last_name") == "Lima");
  CHECK(u.attrs.get("display_name") == "Ana Lima");
  CHECK(u.attrs.get("external_id") == "E17");
  CHECK(u.attrs.get("department") == "R&D");
}

TEST_CASE("a created user's resource carries every attribute SCIM has a place for") {
  Attributes a;
  a.set("email", "bo@x");
  a.set("first_name", "Bo");
  a.set("department", "Ops");
  a.set("shoe_size", "44");  // no SCIM attribute: left out
  auto r = scim_user_resource("bo", a);
  CHECK(r["userName"] == "bo");
  CHECK(r["active"] == true);
  CHECK(r["emails"] == json::parse(R"([{"value":"bo@x","type":"work","primary":true}])"));
  CHECK(r["name"]["givenName"] == "Bo");
  CHECK(r["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"] == "Ops");
  CHECK(r["schemas"].size() == 2);
  CHECK_FALSE(r.contains("shoe_size"));
  // and it reads back as it was written
  auto back = user_from_scim(r);
  CHECK(back.attrs.get("first_name") == "Bo");
  CHECK(back.attrs.get("department") == "Ops");
}

TEST_CASE("changes become PATCH operations, and the same edits of a whole resource for PUT") {
  Change update{ChangeKind::user_update, "bo", "", "last_name", "Old", "New", {}, {}};
  CHECK(scim_user_operations(update) == json::parse(R"([{"op":"replace","path":"name.familyName","value":"New"}])"));
  Change clear{ChangeKind::user_update, "bo", "", "title", "Dev", std::nullopt, {}, {}};
  CHECK(scim_user_operations(clear) == json::parse(R"([{"op":"remove","path":"title"}])"));
  Change off{ChangeKind::user_deactivate, "bo", "", "", "true", "false", {}, {}};
  CHECK(scim_user_operations(off) == json::parse(R"([{"op":"replace","path":"active","value":false}])"));
  Change rename{ChangeKind::user_rename, "bo2", "", "username", "bo", "bo2", {}, {}};
  CHECK(scim_user_operations(rename) == json::parse(R"([{"op":"replace","path":"userName","value":"bo2"}])"));

  auto resource = json::parse(R"({"id":"1","userName":"bo","name":{"familyName":"Old"},"title":"Dev",
                                  "meta":{"version":"W/1"},"groups":[{"value":"g"}]})");
  apply_to_resource(resource, update);
  apply_to_resource(resource, clear);
  apply_to_resource(resource, off);
  CHECK(resource == json::parse(R"({"id":"1","userName":"bo","name":{"familyName":"New"},"active":false})"));
}

TEST_CASE("membership changes are member operations on the group") {
  CHECK(scim_member_operations(ChangeKind::membership_add, {"u1"}) ==
        json::parse(R"([{"op":"add","path":"members","value":[{"value":"u1"}]}])"));
  CHECK(scim_member_operations(ChangeKind::membership_remove, {R"(a"b)"}) ==
        json::parse(R"([{"op":"remove","path":"members[value eq \"a\\\"b\"]"}])"));
}

TEST_CASE("filter values are quoted with their quotes and backslashes escaped") {
  CHECK(scim_filter_equals("userName", "bo") == R"(userName eq "bo")");
  CHECK(scim_filter_equals("userName", R"(a"b\c)") == R"(userName eq "a\"b\\c")");
}
