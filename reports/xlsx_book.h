#pragma once
// A report workbook written with libxlsxwriter in constant-memory mode (rows stream to temporary
// files, so a million rows cost no more memory than ten): typed cells, text that never becomes a
// formula, ISO dates as real dates, and no clock but the run's. xlsx_table.h writes tables on it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// libxlsxwriter's types, declared here so that only the .cpp files that write cells include it.
struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace usersync {

/// How a value becomes a cell. Nothing is ever written as a formula.
enum class CellType {
  text,     // a string
  number,   // a decimal number; "" is an empty cell
  boolean,  // "true" or "false"; "" is an empty cell
  value,    // an attribute's value: a date for ISO 8601 UTC, a boolean for true/false, else text
};

/// A calendar date, with a time of day when `has_time`.
struct CellDate {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_time = false;
};

/// `2026-01-21` or `2026-01-21T08:22:00Z` (UTC, whole seconds, years 1900 to 9999, a real day);
/// nullopt for anything else, which then stays text: a time with an offset would need the
/// offset to be shown, and a value that merely starts like a date is not one.
std::optional<CellDate> parse_cell_date(std::string_view text);

/// Whether Excel would run `text` as a formula if someone edited the cell: it starts with
/// =, +, -, @, a tab or a carriage return (OWASP's CSV injection list, as changes.csv uses).
bool looks_like_formula(std::string_view text);

/// `text` as a cell can hold it: bytes that are not UTF-8 replaced by U+FFFD, `_xHHHH_` escaped
/// so Excel does not decode it, and cut with "…" to Excel's 32,767 characters (UTF-16 units).
std::string cell_text(std::string_view text);

/// The characters a value takes on screen (its longest line), for column widths.
std::size_t shown_width(CellType type, std::string_view text);

/// Whether this libxlsxwriter can mark a format "quote prefix" (1.1.5 and later); without it,
/// formula-looking text gets the Text number format (`@`), which keeps an edit text as well.
bool has_quote_prefix();

class XlsxBook {
 public:
  /// A workbook written to `path` when closed, its temporary files in `tmpdir`, its document
  /// dated `created` (seconds since the epoch, from the run's clock). Errors read
  /// "<path>: cannot write <what>: <libxlsxwriter's message>".
  XlsxBook(std::string path, const std::string& tmpdir, std::int64_t created, std::string what);
  /// Closes an unclosed workbook (libxlsxwriter frees only when it writes): the caller removes
  /// the file an exception left behind.
  ~XlsxBook();
  XlsxBook(const XlsxBook&) = delete;
  XlsxBook& operator=(const XlsxBook&) = delete;

  /// A new sheet after the others.
  lxw_worksheet* add_sheet(const std::string& name);
  /// Writes `text` as `type` at (row, col), both 0-based; `bold` for headers and titles.
  void write(lxw_worksheet* sheet, std::uint32_t row, std::uint16_t col, CellType type, std::string_view text,
             bool bold = false);
  /// A column's width in characters. libxlsxwriter keeps widths apart from the streamed rows,
  /// so this works before or after them; the tables set them first, knowing them from the spool.
  void set_width(lxw_worksheet* sheet, std::uint16_t col, std::size_t chars);
  /// The header row `row` stays in view, and a filter covers it and the rows down to `last_row`.
  void header_view(lxw_worksheet* sheet, std::uint32_t row, std::uint16_t last_col, std::uint32_t last_row);

  lxw_workbook* raw() { return workbook_; }
  /// Throws the workbook's error for a libxlsxwriter error code (an lxw_error); 0 is fine.
  void check(int error) const;
  /// Throws "<path>: cannot write <what>: <message>".
  [[noreturn]] void fail(const std::string& message) const;
  /// Writes the file.
  void close();

 private:
  std::string path_;
  std::string what_;
  lxw_workbook* workbook_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* quoted_ = nullptr;
  lxw_format* bold_quoted_ = nullptr;
  lxw_format* date_time_ = nullptr;
  lxw_format* date_ = nullptr;
};

}  // namespace usersync
