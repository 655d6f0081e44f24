#include "importers/csv_reader.h"

#include <catch2/catch.hpp>

#include "model/errors.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
std::vector<CsvRow> read_all(const std::string& text, char delim = ',') {
  test::TempDir dir;
  TextSource src(dir.write("t.csv", text));
  CsvReader reader(src, delim);
  std::vector<CsvRow> rows;
  CsvRow row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}
std::string error_of(const std::string& text, char delim = ',') {
  try {
    read_all(text, delim);
  } catch (const InputError& e) {
    std::string m = e.what();
    return m.substr(m.find(".csv") + 4);  // drop the temp folder
  }
  return "no error";
}
}  // namespace

TEST_CASE("quoted fields hold delimiters, doubled quotes and line breaks") {
  auto rows = read_all("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].fields == std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"});
  CHECK(rows[1].line == 2);
  CHECK(rows[1].field_columns == std::vector<std::int64_t>{1, 7, 20});
}

TEST_CASE("CRLF, lone CR, blank lines and a missing final newline") {
  auto rows = read_all("a,b\r\n1,2\r\n\r\n3,4\r5,6");
  REQUIRE(rows.size() == 4);
  CHECK(rows[2].fields == std::vector<std::string>{"3", "4"});
  CHECK(rows[2].line == 4);
  CHECK(rows[3].fields == std::vector<std::string>{"5", "6"});
  CHECK(rows[3].line == 5);
}

TEST_CASE("empty fields and a trailing delimiter") {
  auto rows = read_all("a,,c,\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == std::vector<std::string>{"a", "", "c", ""});
}

TEST_CASE("an unterminated quote is reported where the quote opened") {
  CHECK(error_of("a,b\n1,\"open\n2,3\n") ==
        ":2:3: unterminated quoted field: the file ends before its closing quote\n  1,\"open\n    ^");
}

TEST_CASE("a character after a closing quote is an error at that character") {
  CHECK(error_of("a,b\n\"x\"y,2\n") ==
        ":2:4: unexpected character after a closing quote; expected the delimiter ',', a line break, or a doubled "
        "quote\n  \"x\"y,2\n     ^");
}

TEST_CASE("invalid UTF-8 is located by line and character column") {
  CHECK(error_of("name,city\nZoë,K\xf6ln\n") ==
        ":2:6: invalid UTF-8 byte sequence; expected UTF-8 text (or UTF-16 with a byte-order mark)\n  Zoë,K\xf6ln\n    "
        "   ^");
}

TEST_CASE("sniff_delimiter picks the consistent delimiter with most fields") {
  CHECK(sniff_delimiter("a,b,c\n1,2,3\n") == ',');
  CHECK(sniff_delimiter("a;b;c\n1;2,5;3\n") == ';');
  CHECK(sniff_delimiter("a\tb\n1\t2\n") == '\t');
  CHECK(sniff_delimiter("a|b|c\n1|2|3\n") == '|');
  CHECK(sniff_delimiter("\"x;y\",b\n\"1;2\",c\n") == ',');
  CHECK(sniff_delimiter("single\nvalue\n") == ',');
}
