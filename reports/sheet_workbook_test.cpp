#include "reports/sheet_workbook.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "importers/xlsx_importer.h"
#include "importers/zip_archive.h"
#include "model/errors.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {

struct Collect : RecordSink {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> rows;
  void header(const Header& h, const SourceLocation&) override { names = h.names(); }
  void user(const Record& r) override { rows.push_back(r.values); }
};

/// One sheet of `path` as usersync's own XLSX reader sees it.
Collect read_sheet(const std::string& path, const std::string& sheet, const std::string& header_row = "1") {
  SourceSpec spec;
  spec.name = "corrections";
  spec.format = "xlsx";
  spec.path = path;
  spec.files = {path};
  spec.options["sheet"] = {sheet};
  spec.options["header_row"] = {header_row};
  Collect c;
  XlsxImporter().read(spec, c);
  return c;
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

SheetWorkbook sample() {
  SheetWorkbook book;
  book.users.name = "Users";
  book.users.protect = true;
  book.users.columns = {{"_row", false, false, true, "The row's key: leave it alone."},
                        {"username", false, false, false, "Set by usersync; fill it only in a new row."},
                        {"display_name", true},
                        {"active", true, true, false, "true or false"},
                        {"employee_id", true}};
  book.users.rows = {{"1", "ann", "Zoë Ångström 東京", "true", "00123"},
                     {"2", "=cmd|' /C calc'!A0", "=SUM(A1:A2)", "false", ""}};
  SheetTable groups{"Groups", {{"group"}, {"members"}}, {{"staff", "ann; bob"}}};
  book.others = {groups};
  book.about = {{"", "Edit the white cells, then run usersync import."}, {"display_name", "The name people see."}};
  book.identity = {{"run_id", "42"}, {"config_checksum", "sha256:abc"}};
  book.created = 1700000000;
  return book;
}

}  // namespace

TEST_CASE("the corrections workbook reads back cell for cell, every value as text") {
  test::TempDir dir;
  auto path = dir.path("corrections.xlsx");
  write_sheet_workbook(path, sample());

  auto users = read_sheet(path, "Users");
  CHECK(users.names == std::vector<std::string>{"_row", "username", "display_name", "active", "employee_id"});
  CHECK(users.rows == std::vector<std::vector<std::string>>{{"1", "ann", "Zoë Ångström 東京", "true", "00123"},
                                                            {"2", "=cmd|' /C calc'!A0", "=SUM(A1:A2)", "false", ""}});
  auto groups = read_sheet(path, "Groups");
  CHECK(groups.names == std::vector<std::string>{"group", "members"});
  CHECK(groups.rows == std::vector<std::vector<std::string>>{{"staff", "ann; bob"}});
  auto identity = read_sheet(path, "_usersync");
  CHECK(identity.names == std::vector<std::string>{"key", "value"});
  CHECK(identity.rows == std::vector<std::vector<std::string>>{{"run_id", "42"}, {"config_checksum", "sha256:abc"}});
  // The intro line, then each column with its explanation (the `about` pair over `help`).
  auto about = read_sheet(path, "About", "2");
  CHECK(about.names == std::vector<std::string>{"column", "explanation"});
  CHECK(about.rows == std::vector<std::vector<std::string>>{{"_row", "The row's key: leave it alone."},
                                                            {"username", "Set by usersync; fill it only in a new row."},
                                                            {"display_name", "The name people see."},
                                                            {"active", "true or false"}});
  ZipArchive zip(path);
  auto sheet = zip.read_all("xl/worksheets/sheet3.xml");
  CHECK(sheet.find("<c r=\"A1\" s=\"4\" t=\"inlineStr\"><is><t>Edit the white cells") != std::string::npos);
}

TEST_CASE("the corrections workbook protects, validates, freezes, filters and hides as asked") {
  test::TempDir dir;
  auto path = dir.path("corrections.xlsx");
  write_sheet_workbook(path, sample());
  ZipArchive zip(path);

  auto workbook = zip.read_all("xl/workbook.xml");
  CHECK(workbook.find("<sheets><sheet name=\"Users\" sheetId=\"1\" r:id=\"rId1\"/>"
                      "<sheet name=\"Groups\" sheetId=\"2\" r:id=\"rId2\"/>"
                      "<sheet name=\"About\" sheetId=\"3\" r:id=\"rId3\"/>"
                      "<sheet name=\"_usersync\" sheetId=\"4\" state=\"hidden\" r:id=\"rId4\"/></sheets>") !=
        std::string::npos);

  auto users = zip.read_all("xl/worksheets/sheet1.xml");
  CHECK(users.find("<sheetView tabSelected=\"1\"") != std::string::npos);
  CHECK(users.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>") !=
        std::string::npos);
  CHECK(users.find("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" insertRows=\"0\" "
                   "deleteRows=\"0\" sort=\"0\" autoFilter=\"0\"/>") != std::string::npos);
  CHECK(users.find("<autoFilter ref=\"A1:E3\"/>") != std::string::npos);
  CHECK(users.find("<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
                   "sqref=\"D2:D10003\"><formula1>\"true,false\"</formula1></dataValidation>") != std::string::npos);
  CHECK(users.find("<col min=\"1\" max=\"1\" width=\"8.7109375\" style=\"3\" hidden=\"1\" customWidth=\"1\"/>") !=
        std::string::npos);
  // Every column defaults to the unlocked text format (style 3, numbered as first used), so a row
  // added at the bottom is editable; existing read-only values are locked on grey (style 2).
  CHECK(users.find("<c r=\"B2\" s=\"2\" t=\"inlineStr\"><is><t>ann</t></is></c>") != std::string::npos);
  CHECK(users.find("<c r=\"C2\" s=\"3\" t=\"inlineStr\">") != std::string::npos);
  CHECK(users.find("<c r=\"E3\" s=\"3\"/>") != std::string::npos);  // empty: blank, still editable
  CHECK(users.find("<f>") == std::string::npos);
  CHECK(users.find("t=\"n\"") == std::string::npos);
  auto styles = zip.read_all("xl/styles.xml");
  CHECK(styles.find("<protection locked=\"0\"/>") != std::string::npos);
  CHECK(styles.find("<fgColor rgb=\"FFD9D9D9\"/>") != std::string::npos);

  auto groups = zip.read_all("xl/worksheets/sheet2.xml");
  CHECK(groups.find("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" "
                    "autoFilter=\"0\"/>") != std::string::npos);
  CHECK(groups.find("locked=\"0\"") == std::string::npos);
  CHECK(groups.find("style=\"3\"") == std::string::npos);

  auto core = zip.read_all("docProps/core.xml");
  CHECK(core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-11-14T22:13:20Z</dcterms:created>") !=
        std::string::npos);
}

TEST_CASE("the same corrections workbook written twice is the same bytes, whatever the clock says") {
  test::TempDir dir;
  write_sheet_workbook(dir.path("a.xlsx"), sample());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  write_sheet_workbook(dir.path("b.xlsx"), sample());
  CHECK(bytes_of(dir.path("a.xlsx")) == bytes_of(dir.path("b.xlsx")));
  // Replacing a file gives the same bytes too, and leaves no staging file behind.
  write_sheet_workbook(dir.path("a.xlsx"), sample());
  CHECK(bytes_of(dir.path("a.xlsx")) == bytes_of(dir.path("b.xlsx")));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path("")), {}) == 2);
}

TEST_CASE("a corrections workbook that cannot be written is an error naming the file") {
  test::TempDir dir;
  // A path that cannot be written is the caller's (exit 2); a workbook libxlsxwriter refuses, ours (1).
  ExitCode want = ExitCode::usage;
  auto error_of = [&](const std::string& path, const SheetWorkbook& book) -> std::string {
    try {
      write_sheet_workbook(path, book);
    } catch (const Error& e) {
      CHECK(e.code() == want);
      return e.what();
    }
    return "(no error)";
  };
  auto missing = dir.path("no/such/folder/c.xlsx");
  CHECK(error_of(missing, sample()) == missing + ": cannot write workbook: No such file or directory");
  want = ExitCode::internal;

  auto book = sample();
  book.others[0].name = "Groups/Teams";
  auto path = dir.path("c.xlsx");
  CHECK(error_of(path, book) == path +
                                    ": cannot write workbook: sheet \"Groups/Teams\": Worksheet name cannot "
                                    "contain invalid characters: '[ ] : * ? / \\'");
  book.others[0].name = "About";
  CHECK(error_of(path, book) == path + ": cannot write workbook: sheet \"About\": Worksheet name is already in use.");
  book.others[0].name = "";
  CHECK(error_of(path, book) == path + ": cannot write workbook: a sheet has no name");
  book = sample();
  book.users.rows[1].pop_back();
  CHECK(error_of(path, book) == path + ": cannot write workbook: Users row 3 has 4 values for 5 columns");
  book = sample();
  book.users.rows[0][2] = std::string(40000, 'x');
  CHECK(error_of(path, book) == path +
                                    "!Users!C2: cannot write workbook: String exceeds Excel's limit of 32,767 "
                                    "characters.");
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path("")), {}) == 0);
}
