#include "importers/csv_importer.h"

#include <catch2/catch.hpp>

#include "importers/registry.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
struct Collect : RecordSink {
  std::vector<std::string> header_names;
  std::vector<Record> records;
  void header(const Header& h, const SourceLocation&) override { header_names = h.names(); }
  void user(const Record& r) override { records.push_back(r); }
};

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    std::string m = e.what();
    return m.substr(m.rfind('/') + 1);
  }
  return "no error";
}
}  // namespace

TEST_CASE("the CSV importer maps header names to values, case-insensitively") {
  test::TempDir dir;
  Collect sink;
  auto stats =
      CsvImporter().read({"hr", "csv", dir.write("hr.csv", "Login;E-Mail\njdoe;j@x\nasmith;a@x\n"), {}, "auto"}, sink);
  CHECK(stats.records == 2);
  CHECK(stats.delimiter == "semicolon");
  CHECK(sink.header_names == std::vector<std::string>{"Login", "E-Mail"});
  REQUIRE(sink.records.size() == 2);
  CHECK(*sink.records[1].get("login") == "asmith");
  CHECK(*sink.records[1].get("e-mail") == "a@x");
  CHECK(sink.records[1].get("phone") == nullptr);
  CHECK(sink.records[1].line == 3);
}

TEST_CASE("a ragged row names line, column and the expected field count") {
  test::TempDir dir;
  Collect sink;
  auto path = dir.write("hr.csv", "a,b,c\n1,2,3\n4,5,6,7\n");
  CHECK(message([&] {
          CsvImporter().read({"hr", "csv", path, {}, "auto"}, sink);
        }) ==
        "hr.csv:3:7: ragged row: expected 3 fields (as in the header), found 4 with the comma delimiter\n  4,5,6,7\n"
        "        ^");
  auto short_row = dir.write("short.csv", "a,b,c\n1,2\n");
  CHECK(message([&] {
          CsvImporter().read({"hr", "csv", short_row, {}, "auto"}, sink);
        }) ==
        "short.csv:2:4: ragged row: expected 3 fields (as in the header), found 2 with the comma delimiter\n  1,2\n"
        "     ^");
}

TEST_CASE("header problems are refused") {
  test::TempDir dir;
  Collect sink;
  CHECK(message([&] {
          CsvImporter().read({"hr", "csv", dir.write("e.csv", ""), {}, "auto"}, sink);
        }) == "e.csv:1:1: the file is empty; expected a header row");
  CHECK(message([&] {
          CsvImporter().read({"hr", "csv", dir.write("d.csv", "a,A\n1,2\n"), {}, "auto"}, sink);
        }) == "d.csv:1:3: duplicate column name 'A' in the header row\n  a,A\n    ^");
  CHECK(message([&] {
          CsvImporter().read({"hr", "csv", dir.write("n.csv", "a,,c\n"), {}, "auto"}, sink);
        }) == "n.csv:1:3: empty column name in the header row; every column needs a name\n  a,,c\n    ^");
}

TEST_CASE("a set delimiter overrides detection") {
  test::TempDir dir;
  Collect sink;
  CsvImporter().read({"hr", "csv", dir.write("p.csv", "a|b\n1,5|2\n"), '|', "auto"}, sink);
  CHECK(*sink.records[0].get("a") == "1,5");
}

TEST_CASE("the registry lists csv and finds importers by format") {
  REQUIRE(find_importer("csv") != nullptr);
  CHECK(find_importer("csv")->create() != nullptr);
  CHECK(find_importer("xml") == nullptr);
  CHECK(importer_table().size() >= 1);
}

TEST_CASE("lenient_quotes reaches the reader") {
  test::TempDir dir;
  auto path = dir.write("hr.csv", "login,name\nfk,Fatima \"Fati\"\n");
  Collect sink;
  CHECK(message([&] {
          CsvImporter().read({"hr", "csv", path, {}, "auto"}, sink);
        }) ==
        "hr.csv:2:11: quote inside an unquoted field; quote the whole field and double the quote (\"Fatima "
        "\"\"Fati\"\"\"), or set lenient_quotes = true on the source to keep such quotes as text\n  fk,Fatima "
        "\"Fati\"\n            ^");
  CsvImporter().read({"hr", "csv", path, {}, "auto", true}, sink);
  CHECK(*sink.records[0].get("name") == "Fatima \"Fati\"");
}
