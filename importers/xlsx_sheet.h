#pragma once
// Streams one worksheet row by row (no DOM of the sheet: a million rows need no more memory
// than one). Cells come out as stored, typed, with their column; xlsx_importer.h decides what
// text each becomes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/errors.h"
#include "xlsx_workbook.h"

namespace usersync {

enum class CellKind {
  number,   // `value` is the stored number's text ("45322.5")
  text,     // shared, inline or rich text, or a formula's string result
  boolean,  // `value` is "true" or "false"
  error,    // `value` is the error ("#DIV/0!")
  date,     // an ISO 8601 date cell (t="d"), `value` as written
};

struct XlsxCell {
  std::int64_t column = 0;  // 1-based
  CellKind kind = CellKind::text;
  std::string value;
  std::uint64_t style = 0;  // index into the workbook's cell styles
};

struct XlsxRow {
  std::int64_t row = 0;  // 1-based
  std::vector<XlsxCell> cells;  // in sheet order; empty cells (no value) are left out
};

/// Hands every row of `sheet` that has a cell with a value to `row`, in order; `row` returns false
/// to stop. Throws InputError at `file!Sheet!B7` for a cell that cannot be read (a shared string
/// index past the table, a boolean that is neither 0 nor 1, a reference out of order).
void read_sheet(XlsxWorkbook& book, const SheetInfo& sheet, const std::function<bool(const XlsxRow&)>& row);

}  // namespace usersync
