#include "importers/json_flatten.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
FlatFields flatten(const std::string& json) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string text(json);
  auto doc = parser.iterate(text);
  FlatFields out;
  flatten_object(doc.get_object(), out);
  return out;
}
std::string value(const FlatFields& f, const std::string& name) {
  const std::string* v = f.find(name);
  return v ? *v : "<absent>";
}
}  // namespace

TEST_CASE("nested objects flatten to dotted names, strings stay exactly as written", "[json_flatten]") {
  auto f = flatten(R"({"id":"00u1","profile":{"login":" Zoë@Example.com ","name":{"given":"Zoë"}},"n":12.50})");
  CHECK(value(f, "id") == "00u1");
  CHECK(value(f, "profile.login") == " Zoë@Example.com ");
  CHECK(value(f, "profile.name.given") == "Zoë");
  CHECK(value(f, "n") == "12.50");  // a number as written, not reformatted
}

TEST_CASE("null is no field, booleans are text", "[json_flatten]") {
  auto f = flatten(R"({"lastLogin":null,"enabled":false,"ok":true})");
  CHECK(value(f, "lastLogin") == "<absent>");
  CHECK(value(f, "enabled") == "false");
  CHECK(value(f, "ok") == "true");
}

TEST_CASE("an array of scalars is a list, an empty one too", "[json_flatten]") {
  auto f = flatten(R"({"roles":["a","b"],"none":[],"ids":[1,2]})");
  REQUIRE(f.find_list("roles"));
  CHECK(*f.find_list("roles") == std::vector<std::string>{"a", "b"});
  CHECK(value(f, "roles") == "a; b");
  REQUIRE(f.find_list("none"));
  CHECK(f.find_list("none")->empty());
  CHECK(*f.find_list("ids") == std::vector<std::string>{"1", "2"});
}

TEST_CASE("arrays of objects: by index, [primary], [type=...] and [] across elements", "[json_flatten]") {
  auto f = flatten(R"({"emails":[{"value":"a@x","type":"home"},{"value":"b@x","type":"work","primary":true},
                                 {"value":"c@x","type":"work"}]})");
  CHECK(value(f, "emails[0].value") == "a@x");
  CHECK(value(f, "emails[2].value") == "c@x");
  CHECK(value(f, "emails[primary].value") == "b@x");
  CHECK(value(f, "emails[type=work].value") == "b@x");  // the first of its type
  CHECK(value(f, "emails[type=home].value") == "a@x");
  REQUIRE(f.find_list("emails[].value"));
  CHECK(*f.find_list("emails[].value") == std::vector<std::string>{"a@x", "b@x", "c@x"});
  CHECK(value(f, "emails[primary].primary") == "true");
}

TEST_CASE("no [primary] without an element that says so", "[json_flatten]") {
  auto f = flatten(R"({"emails":[{"value":"a@x"},{"value":"b@x","primary":false}]})");
  CHECK(value(f, "emails[primary].value") == "<absent>");
}

TEST_CASE("nesting deeper than the limit is refused with the place", "[json_flatten]") {
  std::string deep = "{\"x\":";
  for (int i = 0; i < 40; ++i) deep += "{\"a\":";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  deep += "}";
  try {
    flatten(deep);
    FAIL("no error");
  } catch (const std::length_error& e) {
    CHECK(std::string(e.what()).find("nested deeper than 32 levels at /x/a/a") != std::string::npos);
  }
}
