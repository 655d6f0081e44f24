#pragma once
// A table on a report workbook: a bold header row that stays in view, a filter over the rows,
// widths that fit, and as many sheets as the rows need ("Changes", "Changes (2)", …), since a
// sheet holds 1,048,575 rows under its header and a large run has more changes than that.
#include <cstdint>
#include <string>
#include <vector>

#include "xlsx_book.h"

namespace usersync {

struct TableColumn {
  std::string name;
  CellType type = CellType::text;
  std::size_t width = 0;  // the longest value, in characters (shown_width); the header is added
};

/// The sheets `rows` data rows take at `per_sheet` a sheet: `name`, then `name (2)`, … (at
/// least one sheet, which then has only its header).
std::vector<std::string> table_sheets(const std::string& name, std::int64_t rows, std::int64_t per_sheet);
/// "Changes: 2,300,000 rows on Changes, Changes (2), Changes (3)"; "" when one sheet holds them.
std::string overflow_note(const std::string& name, std::int64_t rows, std::int64_t per_sheet);
/// 2300000 as "2,300,000".
std::string with_thousands(std::int64_t n);

class XlsxTable {
 public:
  /// Adds the table's first sheet; the others follow as rows fill them, so the next table's
  /// sheets come after this one's.
  XlsxTable(XlsxBook& book, std::string name, std::vector<TableColumn> columns, std::int64_t rows,
            std::int64_t per_sheet);
  /// The next data row, one value per column.
  void row(const std::vector<std::string>& values);
  /// Checks that every row announced was written: a filter ends where the rows were promised to.
  void finish() const;

 private:
  void next_sheet();

  XlsxBook& book_;
  std::string name_;
  std::vector<TableColumn> columns_;
  std::int64_t rows_;
  std::int64_t per_sheet_;
  std::int64_t written_ = 0;
  int sheets_ = 0;
  lxw_worksheet* sheet_ = nullptr;
  std::uint32_t sheet_row_ = 0;
};

}  // namespace usersync
