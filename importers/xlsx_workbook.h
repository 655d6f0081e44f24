#pragma once
// The parts of an XLSX package every sheet needs: where the sheets are (relationships), their
// names and visibility, the date system, the shared strings and the cell styles' number formats.
// Read once per workbook; a sheet itself is streamed by xlsx_sheet.h.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx_cells.h"
#include "zip_archive.h"

namespace usersync {

struct SheetInfo {
  std::string name;
  std::string part;  // zip entry, "xl/worksheets/sheet1.xml"
  bool hidden = false;
  int position = 0;  // 1-based, in the workbook's order
};

class XlsxWorkbook {
 public:
  /// Reads the package's relationships, workbook, styles and shared strings from `zip`.
  explicit XlsxWorkbook(ZipArchive& zip);

  const std::vector<SheetInfo>& sheets() const { return sheets_; }
  /// The sheet an option names: its name (case-insensitive), else its 1-based position; the first
  /// visible sheet when `option` is empty. Throws InputError listing the sheets when none fits.
  const SheetInfo& select(std::string_view option) const;
  bool date1904() const { return date1904_; }
  /// Shared string `index`; throws InputError when the sheet refers past the table.
  const std::string* shared_string(std::uint64_t index) const {
    return index < shared_.size() ? &shared_[index] : nullptr;
  }
  /// The number format of cell style `index` (a cell's `s`); General when out of range.
  NumberFormat style(std::uint64_t index) const { return index < styles_.size() ? styles_[index] : NumberFormat{}; }

  ZipArchive& zip() { return zip_; }

 private:
  ZipArchive& zip_;
  std::vector<SheetInfo> sheets_;
  bool date1904_ = false;
  std::vector<std::string> shared_;
  std::vector<NumberFormat> styles_;
};

/// Streams part `name` of `zip` through `handler`; the handler may stop early.
class XmlHandler;
void parse_part(ZipArchive& zip, const std::string& name, XmlHandler& handler);

/// A relationship target made a zip entry name: relative to the folder of the part that refers to
/// it (`xl/workbook.xml` + `worksheets/sheet1.xml`), or absolute from the package root (`/xl/...`).
std::string resolve_part(std::string_view from_part, std::string_view target);

}  // namespace usersync
