#include "target/scim_bulk.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace usersync;
using nlohmann::json;

TEST_CASE("a plan becomes one SCIM Bulk request with bulkId references for what it creates") {
  Attributes a;
  a.set("email", "hana@x");
  Change make_group{ChangeKind::group_create, "", "eng", "", {}, "eng", {}, {}};
  Change make_user{ChangeKind::user_create, "hana", "", "", {}, {}, a, {}};
  Change join_new{ChangeKind::membership_add, "hana", "eng", "", {}, {}, {}, {}};
  Change join_old{ChangeKind::membership_add, "hana", "staff", "", {}, {}, {}, {}};
  join_old.group_ref = "g-9";
  Change update{ChangeKind::user_update, "eve", "", "email", "a@x", "b@x", {}, {}};
  update.user_ref = "u-2";
  Change leave{ChangeKind::membership_remove, "eve", "staff", "", {}, {}, {}, {}};
  leave.user_ref = "u-2";
  leave.group_ref = "g-9";
  Change gone{ChangeKind::user_delete, "old", "", "", {}, {}, {}, {}};
  gone.user_ref = "u/3";  // an id is one path segment, encoded
  Change unknown{ChangeKind::user_deactivate, "nobody", "", "", "true", "false", {}, {}};

  auto doc = scim_bulk_request({make_group, make_user, join_new, join_old, update, leave, gone, unknown});
  auto j = json::parse(doc.json);
  CHECK(j["schemas"] == json::array({"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}));
  const auto& ops = j["Operations"];
  REQUIRE(ops.size() == 6);
  // the new user first, then the new group, which takes its new member in its own POST by the
  // user's bulkId
  CHECK(ops[0]["method"] == "POST");
  CHECK(ops[0]["bulkId"] == "user-1");
  CHECK(ops[0]["data"]["userName"] == "hana");
  CHECK(ops[1]["path"] == "/Groups");
  CHECK(ops[1]["bulkId"] == "group-1");
  CHECK(ops[1]["data"]["members"] == json::parse(R"([{"value":"bulkId:user-1"}])"));
  CHECK(ops[2]["path"] == "/Groups/g-9");
  CHECK(ops[2]["data"]["Operations"][0]["value"][0]["value"] == "bulkId:user-1");
  CHECK(ops[3]["path"] == "/Users/u-2");
  CHECK(ops[3]["data"]["Operations"][0]["path"] == "emails");
  CHECK(ops[4]["data"]["Operations"][0]["path"] == R"(members[value eq "u-2"])");
  CHECK(ops[5]["method"] == "DELETE");
  CHECK(ops[5]["path"] == "/Users/u%2F3");
  CHECK(doc.operations == 6);
  CHECK(doc.left_out == 1);
  REQUIRE(doc.left_out_examples.size() == 1);
  CHECK(doc.left_out_examples[0] == "user_deactivate nobody (no SCIM id)");
  CHECK_THAT(scim_bulk_message(doc), Catch::Contains("leaves out 1 change it cannot address"));
}

TEST_CASE("the same changes give the same bytes") {
  Change c{ChangeKind::group_create, "", "ops", "", {}, "ops", {}, {}};
  CHECK(scim_bulk_request({c}).json == scim_bulk_request({c}).json);
  CHECK(scim_bulk_request({}).json ==
        "{\n  \"schemas\": [\n    \"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"\n  ],\n  \"Operations\": "
        "[]\n}\n");
}
