#include "store/codec.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("attributes read back exactly as written, escapes and Unicode included") {
  Attributes a;
  a.set("display_name", "Zoë \"Z\" O'Brien\\n\t\x01");
  a.set("email", "zoe@example.com");
  a.set("empty", "");
  a.set("emoji", "\xF0\x9F\x98\x80 ok");
  auto text = attributes_to_json(a);
  auto back = attributes_from_json(text);
  CHECK(back.entries() == a.entries());
  CHECK(attributes_to_json(back) == text);
  CHECK(attributes_from_json("{}").entries().empty());
  // \u escapes, including a surrogate pair, as another writer may have stored them.
  CHECK(attributes_from_json(R"({"n":"\u00e9\ud83d\ude00"})").get("n") == "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("attributes that are not a JSON object of strings are refused, never read past") {
  for (std::string bad : {"", "[", "[]", "{\"a\":1}", "{\"a\":\"x\"", "{\"a\" \"x\"}", "{\"a\":\"\\q\"}", "nul",
                          "{\"a\":\"x\"} {\"b\":\"y\"}", "{\"a\":\"x\"}}"}) {
    INFO(bad);
    CHECK_THROWS_WITH(attributes_from_json(bad), Catch::Contains("stored attributes are not a JSON object of strings"));
  }
}
