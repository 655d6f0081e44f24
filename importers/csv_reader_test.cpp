#include "importers/csv_reader.h"

#include <catch2/catch.hpp>

#include "model/errors.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
std::vector<CsvRow> read_all(const std::string& text, char delim = ',', bool lenient_quotes = false) {
  test::TempDir dir;
  TextSource src(dir.write("t.csv", text));
  CsvReader reader(src, delim, lenient_quotes);
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

TEST_CASE("a quote left open on the last line is reported where it opened") {
  CHECK(error_of("a,b\n1,\"open\n") ==
        ":2:3: unterminated quoted field: the file ends before its closing quote\n  1,\"open\n    ^");
  CHECK(error_of("a,b\r\n1,\"open") ==
        ":2:3: unterminated quoted field: the file ends before its closing quote\n  1,\"open\n    ^");
}

TEST_CASE("a quote that swallows later lines up to the end of the file is reported where it opened") {
  CHECK(error_of("a,b\n1,\"open\n2,3\n") ==
        ":2:3: quoted field opened here is not closed properly; the parser reached the end of the file\n  1,\"open\n"
        "    ^");
}

TEST_CASE("a quote that swallows line breaks up to a stray character is reported where it opened") {
  // The quote before "staff;sales" closes the field opened on line 2; the 's' after it fails.
  const std::string expected =
      ":2:6: quoted field opened here is not closed properly; the parser reached line 4 column 7\n  jdoe,\"staff\n"
      "       ^";
  CHECK(error_of("name,groups\njdoe,\"staff\nasmith,sales\nbkim,\"staff;sales\"\n") == expected);
  CHECK(error_of("name,groups\r\njdoe,\"staff\r\nasmith,sales\r\nbkim,\"staff;sales\"\r\n") == expected);
}

TEST_CASE("a NUL byte is an error at its line and column") {
  const std::string nul =
      "NUL byte in the text; this looks like a binary file or UTF-16 without a byte-order mark; expected UTF-8 text "
      "(or UTF-16 with a byte-order mark)";
  CHECK(error_of(std::string("a,b\n1,x\0y\n", 11)) == ":2:4: " + nul + "\n  1,x\u2400y\n     ^");
  CHECK(error_of(std::string("a,b\r\n1,\"two\r\nx\0\"\r\n", 18)) == ":3:2: " + nul + "\n  x\u2400\"\n   ^");
  // A binary file has long lines: the rest of the line shown is cut short.
  auto message = error_of(std::string("ab\0", 3) + std::string(300, 'c') + "\n");
  CHECK(message.substr(0, 6) == ":1:3: ");
  CHECK(message.find("\n  ab\u2400" + std::string(199, 'c') + "…\n    ^") != std::string::npos);
}

TEST_CASE("U+0000 in UTF-16 with a byte-order mark is a NUL byte too") {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("a,b\n1,x\0y\n", 11)) utf16 += c, utf16 += '\0';
  CHECK(error_of(utf16) ==
        ":2:4: NUL byte in the text; this looks like a binary file or UTF-16 without a byte-order mark; expected "
        "UTF-8 text (or UTF-16 with a byte-order mark)\n  1,x\u2400y\n     ^");
}

TEST_CASE("a quote inside an unquoted field is an error at the quote, with the field quoted as a hint") {
  CHECK(error_of("id,name,city\n4,Fatima \"Fati\",Oslo\n") ==
        ":2:10: quote inside an unquoted field; quote the whole field and double the quote (\"Fatima \"\"Fati\"\"\"), "
        "or set lenient_quotes = true on the source to keep such quotes as text\n  4,Fatima \"Fati\",Oslo\n"
        "           ^");
  CHECK(error_of("a;b\r\n1;5\" screen\r\n", ';') ==
        ":2:4: quote inside an unquoted field; quote the whole field and double the quote (\"5\"\" screen\"), or set "
        "lenient_quotes = true on the source to keep such quotes as text\n  1;5\" screen\n     ^");
}

TEST_CASE("lenient_quotes keeps a quote inside an unquoted field as text") {
  auto rows = read_all("id,name,city\r\n4,Fatima \"Fati\",Oslo\r\n5,5\" screen,\"Bergen\"\r\n", ',', true);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields == std::vector<std::string>{"4", "Fatima \"Fati\"", "Oslo"});
  CHECK(rows[2].fields == std::vector<std::string>{"5", "5\" screen", "Bergen"});
}

TEST_CASE("quotes inside a quoted field, doubled, are fine, with CRLF line breaks too") {
  auto rows = read_all("a,b\r\n\"two\r\nlines\",\"Fatima \"\"Fati\"\" Khan\"\r\n3,4\r\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].fields == std::vector<std::string>{"two\r\nlines", "Fatima \"Fati\" Khan"});
  CHECK(rows[2].fields == std::vector<std::string>{"3", "4"});
  CHECK(rows[2].line == 4);
}

TEST_CASE("a character after a closing quote on the line the quote opened is an error at that character") {
  CHECK(error_of("a,b\n\"x\"y,2\n") ==
        ":2:4: unexpected character after a closing quote; expected the delimiter ',', a line break, or a doubled "
        "quote\n  \"x\"y,2\n     ^");
  CHECK(error_of("a,b\r\n1,\"x\"y\r\n") ==
        ":2:6: unexpected character after a closing quote; expected the delimiter ',', a line break, or a doubled "
        "quote\n  1,\"x\"y\n       ^");
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
