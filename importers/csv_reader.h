#pragma once
// RFC 4180 reader over a TextSource: quoted fields may hold delimiters, doubled quotes and line
// breaks. It streams one record at a time and knows each field's line and column, so every
// error can point at the character that is wrong (or, for a quoted field that runs on over line
// breaks, at the quote that opened it).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text_source.h"

namespace usersync {

struct CsvRow {
  std::vector<std::string> fields;
  std::vector<std::int64_t> field_lines;    // 1-based line where each field starts
  std::vector<std::int64_t> field_columns;  // 1-based column (characters) where each field starts
  std::int64_t line = 0;                    // line where the record starts
  std::int64_t end_line = 0;
  std::int64_t end_column = 0;  // column just past the last character
  std::string raw;              // the record's text as written, without the line break
};

class CsvReader {
 public:
  /// `lenient_quotes`: keep a quote inside an unquoted field as text instead of failing.
  CsvReader(TextSource& source, char delimiter, bool lenient_quotes = false);
  /// The next non-blank record; false at end of input. Throws InputError for an unterminated
  /// quote, a stray character after a closing quote, a quote inside an unquoted field (unless
  /// lenient), a NUL byte, or invalid UTF-8.
  bool next(CsvRow& row);

 private:
  int get();  // next byte or -1
  int peek();
  std::string rest_of_line();  // consumes the rest of the physical line (capped); only on the way to an error
  /// Throws at line:column, showing that physical line: the record's text so far, `consumed`
  /// (text already taken by rest_of_line), then the rest of the line.
  [[noreturn]] void fail(std::int64_t line, std::int64_t column, const std::string& message, const CsvRow& row,
                         std::string_view consumed = {});

  TextSource& source_;
  char delim_;
  bool lenient_quotes_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::int64_t column_ = 1;
};

/// Picks the delimiter among comma, semicolon, tab and pipe from a sample of the file: the one
/// that splits the first records into the same number of fields, the most fields winning.
char sniff_delimiter(std::string_view sample);

}  // namespace usersync
