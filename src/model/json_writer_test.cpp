#include "model/json_writer.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("JsonWriter writes nested objects and arrays with commas in the right places") {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .key("a")
      .value("x")
      .key("b")
      .strings({"1", "2"})
      .key("c")
      .begin_object()
      .key("d")
      .null()
      .end_object();
  w.key("e").value(true).key("f").value(std::int64_t{-3}).key("g").begin_array().end_array().end_object();
  CHECK(out == R"({"a":"x","b":["1","2"],"c":{"d":null},"e":true,"f":-3,"g":[]})");
}

TEST_CASE("JsonWriter escapes control characters and keeps UTF-8") {
  std::string out;
  JsonWriter::quote("Zoë \"q\" \\ \n\t\x01", out);
  CHECK(out == "\"Zoë \\\"q\\\" \\\\ \\n\\t\\u0001\"");
  out.clear();
  JsonWriter::quote("bad\xff", out);
  CHECK(out == "\"bad\xEF\xBF\xBD\"");
}
