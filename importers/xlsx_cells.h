#pragma once
// How an XLSX cell's stored value becomes the text a record carries: numbers without exponent,
// dates as ISO 8601 when the cell's number format is a date format, identifiers kept exactly.
// Pure functions, so every rule is tested without a workbook.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace usersync {

/// What a number format shows, as far as reading a cell needs to know.
struct NumberFormat {
  bool date = false;   // has a day, month or year
  bool time = false;   // has hours, minutes or seconds
  bool elapsed = false;  // [h]:mm, a duration: hours go past 24, no day
  int zero_pad = 0;    // `000000`: an identifier padded to that many digits
};

/// Classifies a number format by its code when the workbook declares one (`code` not empty), else
/// by its built-in id (ECMA-376 18.8.30).
NumberFormat classify_number_format(int id, std::string_view code);

/// A number as a spreadsheet shows it in General format: integers exactly (1234567890123456), others
/// with Excel's 15 significant digits, never with an exponent.
std::string format_number(double value);

/// A date serial as ISO 8601: `2026-11-30`, `2026-11-30T08:15:00` or `08:15:00`, rounded to the
/// second; nullopt when the serial is no date (negative, or past year 9999).
std::optional<std::string> format_date(double serial, bool date1904, const NumberFormat& format);

/// Undoes OOXML's escaping of characters XML cannot hold (`_x000D_` is a carriage return).
std::string unescape_ooxml(std::string_view text);

/// The 1-based column and row of a cell reference ("B7"); nullopt when it is none.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_cell_ref(std::string_view ref);

}  // namespace usersync
