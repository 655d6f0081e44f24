#pragma once
// The corrections workbook: usersync exports the desired state of its users as an XLSX workbook,
// an admin edits cells in Excel, and usersync reads it back with its own XLSX reader
// (importers/xlsx_importer.h). libxlsxwriter writes it; every cell is text, so an identifier
// stays exact and a value such as `=cmd` is never a formula.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace usersync {

struct SheetColumn {
  std::string name;       // header text, row 1
  bool editable = false;  // false: existing cells locked with a grey fill (read-only)
  bool boolean = false;   // list validation true/false on rows 2..1048576
  bool hidden = false;    // hidden column (the row key `_row`)
  std::string help;       // explanation, for the About sheet
};

struct SheetTable {
  std::string name;  // sheet name
  std::vector<SheetColumn> columns;
  std::vector<std::vector<std::string>> rows;  // one value per column, all written as text cells
  /// Sheet protection without password (insert/delete rows, sort, autofilter, format columns
  /// allowed). Only `SheetWorkbook::users` reads it: the other sheets are always protected.
  bool protect = false;
};

struct SheetWorkbook {
  SheetTable users;                // the editable sheet ("Users"), first and active
  std::vector<SheetTable> others;  // read-only sheets ("Groups", "Corrections"): all locked, protected
  /// The About sheet: column name -> explanation. Pairs with key "" are intro lines, written
  /// first. Each column of `users` is listed in its order, with its explanation here or else its
  /// `help` (skipped when both are empty); then the pairs that name no column of `users`.
  std::vector<std::pair<std::string, std::string>> about;
  /// The hidden sheet "_usersync": key,value rows under a header "key","value".
  std::vector<std::pair<std::string, std::string>> identity;
  /// Unix seconds from the run clock: the document's created (and modified) date. No other
  /// clock reaches the file, so the same input gives the same bytes; 0 writes 1970-01-01T00:00:01Z
  /// (libxlsxwriter reads 0 as "now").
  std::int64_t created = 0;
};

/// Writes the workbook to `path`, replacing it: it is written beside `path` and renamed into
/// place, so `path` is never half written. Throws usersync::Error (ExitCode::internal) naming
/// `path` and, for a libxlsxwriter failure, its message (lxw_strerror).
void write_sheet_workbook(const std::string& path, const SheetWorkbook& book);

}  // namespace usersync
