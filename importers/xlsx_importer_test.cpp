#include "importers/xlsx_importer.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"
#include "model/errors.h"
#include "importers/xlsx_test_workbook.h"

using namespace usersync;

namespace {

struct Collect : RecordSink {
  std::vector<std::string> names;
  SourceLocation header_at;
  std::vector<Record> records;
  void header(const Header& h, const SourceLocation& where) override {
    names = h.names();
    header_at = where;
  }
  void user(const Record& r) override { records.push_back(r); }
};

struct Book {
  test::TempDir dir;
  std::string path;
  explicit Book(const std::map<std::string, std::string>& parts) : path(dir.path("book.xlsx")) {
    test::write_zip(path, parts);
  }
};

Collect import(const std::string& path, std::map<std::string, std::vector<std::string>> options = {},
               std::vector<std::string> fields = {}) {
  SourceSpec spec;
  spec.name = "hr";
  spec.format = "xlsx";
  spec.path = path;
  spec.files = {path};
  spec.options = std::move(options);
  spec.fields = std::move(fields);
  Collect c;
  XlsxImporter().read(spec, c);
  return c;
}

std::string error_of(const std::string& path, std::map<std::string, std::vector<std::string>> options = {}) {
  try {
    import(path, std::move(options));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string c(const std::string& ref, const std::string& inner, const std::string& attrs = "") {
  return "<c r=\"" + ref + "\"" + attrs + ">" + inner + "</c>";
}
std::string v(const std::string& text) { return "<v>" + text + "</v>"; }

}  // namespace

TEST_CASE("every kind of cell a producer writes becomes the text a record carries") {
  const std::string strings =
      "<si><t>username</t></si><si><t>note</t></si>"
      "<si><r><rPr><b/></rPr><t>hana.</t></r><r><t>sato</t></r></si>"                // rich text runs, joined
      "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>"                 // phonetic guide left out
      "<si><t xml:space=\"preserve\">  two_x000D_\nlines </t></si>";                  // escaped CR, spaces kept
  const std::string rows =
      "<row r=\"1\">" + c("A1", v("0"), " t=\"s\"") + c("B1", v("1"), " t=\"s\"") +
      "<c r=\"C1\" t=\"inlineStr\"><is><t>when</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>n</t></is></c>"
      "<c r=\"E1\" t=\"inlineStr\"><is><t>ok</t></is></c><c r=\"F1\" t=\"inlineStr\"><is><t>id</t></is></c></row>"
      "<row r=\"2\">" +
      c("A2", v("2"), " t=\"s\"") + c("B2", v("3"), " t=\"s\"") + c("C2", v("45322"), " s=\"1\"") +
      c("D2", v("0.30000000000000004")) + c("E2", v("1"), " t=\"b\"") + c("F2", v("1234567890123456")) +
      "</row><row r=\"3\">"
      // inline rich text, a formula's cached string, an ISO date cell, a zero-padded number
      "<c r=\"A3\" t=\"inlineStr\"><is><r><t>eve.</t></r><r><t>muller</t></r></is></c>" +
      c("B3", "<f>UPPER(\"x\")</f>" + v("X &amp; Y"), " t=\"str\"") + c("C3", v("2024-01-31T10:00:00"), " t=\"d\"") +
      c("D3", v("42"), " s=\"2\"") + c("E3", v("0"), " t=\"b\"") + c("F3", v("0.1"), " s=\"2\"") +
      "</row><row r=\"4\">" + c("A4", v("4"), " t=\"s\"") + c("C4", v("46356.34375"), " s=\"3\"") + "</row>";
  Book book(test::workbook_parts({{1, {"People", rows}}}, strings,
                                 "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
                                 "<numFmt numFmtId=\"165\" formatCode=\"000000\"/>",
                                 "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"22\"/>"));
  auto got = import(book.path);
  CHECK(got.names == std::vector<std::string>{"username", "note", "when", "n", "ok", "id"});
  REQUIRE(got.records.size() == 3);
  CHECK(got.records[0].values ==
        std::vector<std::string>{"hana.sato", "漢字", "2024-01-31", "0.3", "true", "1234567890123456"});
  CHECK(got.records[1].values == std::vector<std::string>{"eve.muller", "X & Y", "2024-01-31T10:00:00", "000042",
                                                          "false", "0.1"});
  CHECK(got.records[2].values == std::vector<std::string>{"  two\r\nlines ", "", "2026-11-30T08:15:00", "", "", ""});
  CHECK(got.records[1].location("n").file == book.path);
  CHECK(format_located(got.records[1].location("n"), "x") == book.path + "!People!D3: x");
}

TEST_CASE("a text column keeps identifiers exactly and never reads them as dates") {
  std::string rows = "<row><c t=\"inlineStr\"><is><t>username</t></is></c><c t=\"inlineStr\"><is><t>badge</t></is></c>"
                     "</row><row><c t=\"inlineStr\"><is><t>a</t></is></c><c s=\"1\"><v>45322</v></c></row>"
                     "<row><c t=\"inlineStr\"><is><t>b</t></is></c><c><v>0.30000000000000004</v></c></row>";
  Book book(test::workbook_parts({{1, {"S", rows}}}, "", "", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"));
  auto plain = import(book.path);
  CHECK(plain.records[0].values[1] == "2024-01-31");
  CHECK(plain.records[1].values[1] == "0.3");
  auto text = import(book.path, {{"text_columns", {"Badge"}}});
  CHECK(text.records[0].values[1] == "45322");
  CHECK(text.records[1].values[1] == "0.30000000000000004");
  // Cells without r attributes follow each other: row 2 is the first data row.
  CHECK(format_located(text.records[0].location("badge"), "x") == book.path + "!S!B2: x");
}

TEST_CASE("the header row is the first row naming every mapped field, or the row header_row says") {
  std::string rows = "<row r=\"1\">" + c("A1", "<is><t>HR export</t></is>", " t=\"inlineStr\"") +
                     "</row><row r=\"3\">" + c("A3", "<is><t>username</t></is>", " t=\"inlineStr\"") +
                     c("B3", "<is><t>email</t></is>", " t=\"inlineStr\"") + "</row><row r=\"4\">" +
                     c("A4", "<is><t>ann</t></is>", " t=\"inlineStr\"") +
                     c("B4", "<is><t>ann@x.org</t></is>", " t=\"inlineStr\"") + "</row>";
  Book book(test::workbook_parts({{1, {"S", rows}}}));
  auto found = import(book.path, {}, {"Username", "email"});
  CHECK(found.names == std::vector<std::string>{"username", "email"});
  CHECK(format_located(found.header_at, "h") == book.path + "!S!3:3: h");
  REQUIRE(found.records.size() == 1);
  CHECK(found.records[0].values == std::vector<std::string>{"ann", "ann@x.org"});
  auto told = import(book.path, {{"header_row", {"3"}}});
  CHECK(told.names == found.names);
  // No field list (or no row naming them): the first row with a value is the header, and the
  // table under it has values in columns it does not name.
  CHECK_THAT(error_of(book.path), Catch::Contains("!S!B3: a value in column B, which has no name in the header row "
                                                  "(row 1)"));
  CHECK_THAT(error_of(book.path, {{"header_row", {"2"}}}), Catch::Contains("!S!2:2: header_row 2 is empty"));
  CHECK_THROWS_AS(import(book.path, {{"header_row", {"x"}}}), ConfigError);
}

TEST_CASE("empty rows are skipped, hidden rows are read, the first visible sheet is the default") {
  std::string notes = "<row r=\"1\">" + c("A1", "<is><t>not this</t></is>", " t=\"inlineStr\"") + "</row>";
  std::string people = "<row r=\"1\">" + c("A1", "<is><t>username</t></is>", " t=\"inlineStr\"") +
                       "</row><row r=\"2\" hidden=\"1\">" + c("A2", "<is><t>hidden.row</t></is>", " t=\"inlineStr\"") +
                       "</row><row r=\"3\"><c r=\"A3\" s=\"1\"/></row><row r=\"4\">" +
                       c("A4", "<is><t></t></is>", " t=\"inlineStr\"") + "</row><row r=\"9\">" +
                       c("A9", "<is><t>last</t></is>", " t=\"inlineStr\"") + "</row><row r=\"10\"/>";
  std::string other = "<row r=\"1\">" + c("A1", "<is><t>username</t></is>", " t=\"inlineStr\"") + "</row><row r=\"2\">" +
                      c("A2", "<is><t>third</t></is>", " t=\"inlineStr\"") + "</row>";
  Book book(test::workbook_parts({{1, {"hidden:Notes", notes}}, {2, {"People", people}}, {3, {"Other staff", other}}}));
  auto got = import(book.path);
  REQUIRE(got.records.size() == 2);
  CHECK(got.records[0].values[0] == "hidden.row");
  CHECK(got.records[1].values[0] == "last");
  CHECK(got.records[1].line == 9);
  CHECK(import(book.path, {{"sheet", {"other STAFF"}}}).records[0].values[0] == "third");
  CHECK(import(book.path, {{"sheet", {"3"}}}).records[0].values[0] == "third");
  CHECK(import(book.path, {{"sheet", {"1"}}}).names == std::vector<std::string>{"not this"});
  CHECK_THAT(error_of(book.path, {{"sheet", {"Staff"}}}),
             Catch::Contains("has no sheet 'Staff'; expected a sheet name or a 1-based position. Its sheets: "
                               "'Notes' (hidden), 'People', 'Other staff'"));
}

TEST_CASE("bad cells are refused at file!Sheet!cell, with what was expected") {
  auto sheet = [](const std::string& data_row) {
    return "<row r=\"1\">" + c("A1", "<is><t>username</t></is>", " t=\"inlineStr\"") +
           c("B1", "<is><t>score</t></is>", " t=\"inlineStr\"") + "</row><row r=\"2\">" + data_row + "</row>";
  };
  auto error = [&](const std::string& data_row, const std::string& strings = "") {
    Book book(test::workbook_parts({{1, {"Q1 staff", sheet(data_row)}}}, strings, "",
                                   "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"));
    auto e = error_of(book.path);
    auto cut = e.find("!");
    return cut == std::string::npos ? e : e.substr(cut);
  };
  CHECK(error("<c r=\"B2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>") ==
        "!'Q1 staff'!B2: the cell holds the formula error #DIV/0!; expected a value (fix the formula or clear the cell)");
  CHECK(error("<c r=\"A2\" t=\"s\"><v>7</v></c>", "<si><t>a</t></si>") ==
        "!'Q1 staff'!A2: shared string 7 does not exist (the workbook's string table is shorter)");
  CHECK(error("<c r=\"D2\" t=\"inlineStr\"><is><t>stray</t></is></c>") ==
        "!'Q1 staff'!D2: a value in column D, which has no name in the header row (row 1); name the column or clear "
        "the cell");
  CHECK(error("<c r=\"B2\" t=\"b\"><v>2</v></c>") == "!'Q1 staff'!B2: boolean cell holds '2'; expected 0 or 1");
  CHECK(error("<c r=\"B2\"><v>abc</v></c>") == "!'Q1 staff'!B2: number cell holds 'abc'; expected a number");
  CHECK(error("<c r=\"B2\" s=\"1\"><v>-5</v></c>") ==
        "!'Q1 staff'!B2: the cell is formatted as a date but holds -5, which is no date from 1900 to 9999; expected a "
        "date, or list the column in text_columns");
  CHECK(error("<c r=\"B2\"><v>1</v></c><c r=\"A2\"><v>1</v></c>") ==
        "!'Q1 staff'!A2: cells must be in column order within a row");
  CHECK(error("<c r=\"2B\"><v>1</v></c>") == "!'Q1 staff'!A2: cell reference '2B' is not a cell (A1 to XFD1048576)");
}

TEST_CASE("a duplicate column name and an empty sheet are refused") {
  std::string dup = "<row r=\"2\">" + c("A2", "<is><t>email</t></is>", " t=\"inlineStr\"") +
                    c("C2", "<is><t>Email </t></is>", " t=\"inlineStr\"") + "</row>";
  Book book(test::workbook_parts({{1, {"S", dup}}}));
  CHECK_THAT(error_of(book.path), Catch::Contains("!S!C2: duplicate column name 'Email' in the header row (also in "
                                                    "column A); every column needs its own name"));
  Book empty(test::workbook_parts({{1, {"S", ""}}}));
  CHECK_THAT(error_of(empty.path), Catch::Contains("!S: the sheet is empty; expected a header row and data rows"));
}

TEST_CASE("a file that is no workbook, or a broken one, is refused with its name") {
  test::TempDir dir;
  auto csv = dir.write("people.xlsx", "username,email\nann,ann@x.org\n");
  CHECK(error_of(csv) == csv + ": not an XLSX workbook (not a zip archive); expected a file saved as Excel Workbook "
                               "(.xlsx)");
  auto parts = test::workbook_parts({{1, {"S", "<row><c t=\"inlineStr\"><is><t>a</t></is></c></row>"}}});
  parts.erase("xl/workbook.xml");
  Book docx(parts);
  CHECK_THAT(error_of(docx.path), Catch::Contains("not an XLSX workbook: it has no xl/workbook.xml"));
  parts = test::workbook_parts({{1, {"S", "<row><c t=\"inlineStr\"><is><t>a</t></is></c></row>"}}});
  parts.erase("xl/worksheets/sheet1.xml");
  Book missing(parts);
  CHECK_THAT(error_of(missing.path), Catch::Contains("(part xl/worksheets/sheet1.xml): the part is missing"));
  parts = test::workbook_parts({{1, {"S", "<row><c t=\"inlineStr\"><is><t>a</t></is></c></row>"}}});
  parts["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData><row><c></row></sheetData></worksheet>";
  Book broken(parts);
  CHECK_THAT(error_of(broken.path),
             Catch::Contains("(sheet 'S', part xl/worksheets/sheet1.xml) line 1 column 33: not well-formed XML "
                               "(mismatched tag)"));
}

TEST_CASE("a DOCTYPE or an entity declaration in any part is refused before anything expands") {
  auto parts = test::workbook_parts({{1, {"S", "<row><c t=\"s\"><v>0</v></c></row>"}}}, "<si><t>&x;</t></si>");
  parts["xl/sharedStrings.xml"] = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x \"y\">]><sst><si><t>&x;</t></si></sst>";
  Book book(parts);
  CHECK_THAT(error_of(book.path), Catch::Contains("(part xl/sharedStrings.xml) line 1 column 36: the part has a "
                                                    "DOCTYPE, which OOXML never uses; refused as unsafe"));
}

TEST_CASE("the 1904 date system") {
  std::string rows = "<row><c t=\"inlineStr\"><is><t>hired</t></is></c></row><row><c s=\"1\"><v>35555</v></c></row>";
  Book book(test::workbook_parts({{1, {"S", rows}}}, "", "", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>",
                                 "<workbookPr date1904=\"1\"/>"));
  CHECK(import(book.path).records[0].values[0] == "2001-05-06");
}

TEST_CASE("a text column keeps the stored digits, and a formula error outside the mapped columns is text") {
  std::string rows = "<row><c t=\"inlineStr\"><is><t>username</t></is></c><c t=\"inlineStr\"><is><t>id</t></is></c>"
                     "<c t=\"inlineStr\"><is><t>helper</t></is></c><c t=\"inlineStr\"><is><t>hired</t></is></c></row>"
                     "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>12345678901234567</v></c>"
                     "<c t=\"e\"><f>VLOOKUP(A2,X:Y,2)</f><v>#N/A</v></c><c t=\"d\"><v>2026-11-30T00:00:00Z</v></c></row>";
  Book book(test::workbook_parts({{1, {"S", rows}}}));
  auto got = import(book.path, {{"text_columns", {"id"}}}, {"username", "id", "hired"});
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].values == std::vector<std::string>{"a", "12345678901234567", "#N/A", "2026-11-30"});
  // Read by the mapping, or with no mapping known, the error refuses the sheet.
  CHECK_THROWS_WITH(import(book.path, {}, {"username", "helper"}), Catch::Contains("!S!C2: the cell holds the formula error #N/A"));
  CHECK_THROWS_WITH(import(book.path), Catch::Contains("!S!C2: the cell holds the formula error #N/A"));
}
