// The XLSX importer against workbooks that real producers wrote: LibreOffice (from the .fods in
// tests/e2e/xlsx), ExcelJS and SheetJS (npm). The ctest fixture `xlsx_producers` writes them to
// USERSYNC_XLSX_PRODUCERS before this runs; every cell is compared with tests/e2e/xlsx/expected.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "importers/xlsx_importer.h"
#include "model/errors.h"
#include "model/text.h"

using namespace usersync;
namespace fs = std::filesystem;

namespace {

struct Table : RecordSink {
  std::vector<std::vector<std::string>> rows;
  void header(const Header& h, const SourceLocation&) override { rows.push_back(h.names()); }
  void user(const Record& r) override { rows.push_back(r.values); }
};

/// A TSV row of the expected files: `\n`, `\t` and `\\` stand for themselves.
std::vector<std::string> tsv_row(const std::string& line) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t') {
      out.emplace_back();
    } else if (line[i] == '\\' && i + 1 < line.size()) {
      char n = line[++i];
      out.back() += n == 'n' ? '\n' : n == 't' ? '\t' : n;
    } else {
      out.back() += line[i];
    }
  }
  return out;
}

std::vector<std::vector<std::string>> expected(const std::string& producer, const std::string& book) {
  fs::path dir = fs::path(USERSYNC_XLSX_FIXTURES) / "expected";
  fs::path own = dir / producer / (book + ".tsv");
  std::ifstream in(fs::exists(own) ? own : dir / (book + ".tsv"));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(tsv_row(line));
  return rows;
}

SourceSpec spec_for(const fs::path& file, std::vector<std::string> fields) {
  SourceSpec spec;
  spec.name = "hr";
  spec.format = "xlsx";
  spec.path = file.string();
  spec.files = {spec.path};
  spec.options["text_columns"] = {"employee_id", "badge"};
  spec.fields = std::move(fields);
  return spec;
}

fs::path produced(const std::string& producer, const std::string& book) {
  const char* dir = std::getenv("USERSYNC_XLSX_PRODUCERS");
  REQUIRE(dir);  // set by ctest; the fixture test writes the files
  fs::path file = fs::path(dir) / producer / (book + ".xlsx");
  REQUIRE(fs::exists(file));
  return file;
}

}  // namespace

TEST_CASE("workbooks written by LibreOffice, ExcelJS and SheetJS read cell for cell as expected") {
  for (std::string producer : {"libreoffice", "exceljs", "sheetjs"}) {
    for (auto [book, fields] : {std::pair<std::string, std::vector<std::string>>{"people", {"username", "email"}},
                                {"dates1904", {"username", "hired"}}}) {
      INFO(producer << " " << book);
      Table got;
      XlsxImporter().read(spec_for(produced(producer, book), fields), got);
      auto want = expected(producer, book);
      REQUIRE(got.rows.size() == want.size());
      for (std::size_t r = 0; r < want.size(); ++r) {
        INFO("row " << r);
        CHECK(got.rows[r] == want[r]);
      }
    }
  }
}

TEST_CASE("a formula error in a producer's workbook is named by sheet and cell") {
  for (std::string producer : {"libreoffice", "exceljs", "sheetjs"}) {
    INFO(producer);
    auto file = produced(producer, "people");
    auto spec = spec_for(file, {"username", "score"});  // the mapping reads the column with the error
    spec.options["sheet"] = {"Errors"};
    Table got;
    try {
      XlsxImporter().read(spec, got);
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()) == file.string() +
                                         "!Errors!B2: the cell holds the formula error #DIV/0!; expected a value (fix "
                                         "the formula or clear the cell)");
    }
  }
}
