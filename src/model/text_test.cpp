#include "model/text.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("fold_case folds ASCII and Unicode alike") {
  CHECK(fold_case("JDoe@Example.COM") == "jdoe@example.com");
  CHECK(fold_case("ZOË@x") == fold_case("zoë@x"));
  CHECK(fold_case("Straße") == "strasse");
  CHECK(iequals("Ørsted", "øRSTED"));
  CHECK_FALSE(iequals("anna", "anne"));
}

TEST_CASE("split_list trims parts and drops empty ones") {
  CHECK(split_list(" staff ; engineering;;", ";") == std::vector<std::string>{"staff", "engineering"});
  CHECK(split_list("", ";").empty());
  CHECK(split_list("a||b", "||") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("parse_bool accepts the spellings spreadsheets use") {
  for (auto t : {"true", "TRUE", "Yes", "1", "y", "Active", "enabled"}) CHECK(parse_bool(t) == true);
  for (auto f : {"false", "No", "0", "n", "inactive", "Disabled", "Suspended", "deactivated"})
    CHECK(parse_bool(f) == false);
  CHECK_FALSE(parse_bool("maybe").has_value());
  CHECK_FALSE(parse_bool("").has_value());
}

TEST_CASE("find_invalid_utf8 finds the first bad byte") {
  CHECK(find_invalid_utf8("Zoë Jäger") == std::string::npos);
  CHECK(find_invalid_utf8("ab\xff"
                          "cd") == 2);
  CHECK(find_invalid_utf8("a\xc3") == 1);                             // truncated sequence
  CHECK(find_invalid_utf8("\xc0\xaf") == 0);                          // overlong
  CHECK(find_invalid_utf8("\xed\xa0\x80") == 0);                      // surrogate
  CHECK(find_invalid_utf8("\xf0\x9f\x98\x80") == std::string::npos);  // emoji
}

TEST_CASE("line_of returns one physical line without its break") {
  CHECK(line_of("a\r\nb\nc", 0) == "a");
  CHECK(line_of("a\r\nb\nc", 1) == "b");
  CHECK(line_of("a\r\nb\nc", 2) == "c");
  CHECK(line_of("a", 3).empty());
}

TEST_CASE("closest_match suggests likely typos only") {
  CHECK(closest_match("priorty", {"name", "priority", "path"}) == "priority");
  CHECK_FALSE(closest_match("zzzzzz", {"name", "priority"}).has_value());
}

TEST_CASE("edit_distance counts a swap of neighbours as one edit") {
  CHECK(edit_distance("last", "lsat") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("sort_folded and sort_unique_folded order by folded name and keep the first spelling") {
  std::vector<std::string> names{"staff", "Eng", "Ärzte", "STAFF", "eng"};
  auto sorted = names;
  sort_folded(sorted);
  CHECK(sorted == std::vector<std::string>{"Eng", "eng", "staff", "STAFF", "Ärzte"});
  sort_unique_folded(names);
  CHECK(names == std::vector<std::string>{"Eng", "staff", "Ärzte"});
}

TEST_CASE("folded_hash is equal wherever iequals is, ASCII or not") {
  CHECK(folded_hash("Zoe.Smith@Example.COM") == folded_hash("zoe.smith@example.com"));
  CHECK(folded_hash("ZOË@x") == folded_hash("zoë@x"));
  CHECK(folded_hash("Straße") == folded_hash("STRASSE"));  // ß folds to ss, the ASCII path agrees
  CHECK(folded_hash("ZOË@x") == folded_hash(fold_case("ZOË@x")));
  CHECK(folded_hash("alice") != folded_hash("alicf"));
  CHECK(folded_hash("") != folded_hash("a"));
}
