#include "xlsx_book.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <utility>

#include "model/errors.h"
#include "model/text.h"

namespace usersync {

namespace {

constexpr std::size_t kMaxCellUnits = 32767;  // Excel's limit, in UTF-16 code units

bool digits(std::string_view s, std::size_t from, std::size_t count, int& out) {
  out = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// UTF-16 code units of the UTF-8 sequence led by `lead`: two for a character past U+FFFF.
std::size_t utf16_units(unsigned char lead) { return lead >= 0xF0 ? 2 : 1; }

}  // namespace

std::optional<CellDate> parse_cell_date(std::string_view s) {
  if (s.size() != 10 && s.size() != 20) return std::nullopt;
  CellDate d;
  if (!digits(s, 0, 4, d.year) || s[4] != '-' || !digits(s, 5, 2, d.month) || s[7] != '-' || !digits(s, 8, 2, d.day))
    return std::nullopt;
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  if (s.size() == 10) return d;
  if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' || !digits(s, 11, 2, d.hour) ||
      !digits(s, 14, 2, d.minute) || !digits(s, 17, 2, d.second) || d.hour > 23 || d.minute > 59 || d.second > 59)
    return std::nullopt;
  d.has_time = true;
  return d;
}

bool looks_like_formula(std::string_view text) {
  return !text.empty() &&
         (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r');
}

std::string cell_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Messages quote input lines, which may not be UTF-8; XML (and so Excel) refuses such bytes.
  for (auto rest = text; !rest.empty();) {
    auto bad = find_invalid_utf8(rest);
    if (bad == std::string_view::npos) {
      out += rest;
      break;
    }
    out += rest.substr(0, bad);
    out += "\xEF\xBF\xBD";
    rest.remove_prefix(bad + 1);
  }
  // OOXML reads `_x0041_` as "A": its own underscore must be escaped for the text to survive.
  for (std::size_t i = out.find("_x"); i != std::string::npos; i = out.find("_x", i + 2)) {
    if (i + 6 < out.size() && out[i + 6] == '_' && std::all_of(out.begin() + i + 2, out.begin() + i + 6, is_hex)) {
      out.insert(i + 1, "x005F_");
      i += 6;
    }
  }
  // Over the limit, a long list loses its tail rather than the run its workbook: `fits` is where
  // the text ends with room left for the "…".
  std::size_t units = 0, fits = 0;
  for (std::size_t i = 0; i < out.size(); i += utf8_length(out[i])) {
    units += utf16_units(static_cast<unsigned char>(out[i]));
    if (units > kMaxCellUnits) {
      out.resize(fits);
      out += "\xE2\x80\xA6";
      break;
    }
    if (units < kMaxCellUnits) fits = i + utf8_length(out[i]);
  }
  return out;
}

std::size_t shown_width(CellType type, std::string_view text) {
  if (type == CellType::boolean || (type == CellType::value && (text == "true" || text == "false"))) return 5;
  if (type == CellType::value)
    if (auto d = parse_cell_date(text)) return d->has_time ? 19 : 10;
  std::size_t longest = 0, line = 0;
  for (unsigned char c : text) {
    if (c == '\n') {
      longest = std::max(longest, line);
      line = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++line;
    }
  }
  return std::max(longest, line);
}

bool has_quote_prefix() { return LXW_VERSION_ID >= 115; }

XlsxBook::XlsxBook(std::string path, const std::string& tmpdir, std::int64_t created, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
  // libxlsxwriter opens the file only when it closes the workbook, after every row is written,
  // and then prints its own message: trying first fails before any work, with the system's reason.
  std::FILE* probe = std::fopen(path_.c_str(), "wb");
  if (!probe) fail(std::strerror(errno));
  std::fclose(probe);
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = const_cast<char*>(tmpdir.c_str());  // copied by libxlsxwriter
  workbook_ = workbook_new_opt(path_.c_str(), &options);
  if (!workbook_) check(LXW_ERROR_MEMORY_MALLOC_FAILED);
  // libxlsxwriter dates the zip entries 1980-01-01 itself and both document dates (created and
  // modified) from this one; 0 would mean "now" to it.
  lxw_doc_properties properties = {};
  properties.created = created > 0 ? static_cast<time_t>(created) : 1;
  check(workbook_set_properties(workbook_, &properties));
  bold_ = workbook_add_format(workbook_);
  format_set_bold(bold_);
  // Formula-looking text is marked as text twice over: the quote prefix (where libxlsxwriter has
  // it) and the Text number format, under which Excel and LibreOffice keep what is typed as text.
  quoted_ = workbook_add_format(workbook_);
  bold_quoted_ = workbook_add_format(workbook_);
  format_set_bold(bold_quoted_);
  for (auto* f : {quoted_, bold_quoted_}) {
    format_set_num_format_index(f, 49);  // the built-in Text format, "@"
#if LXW_VERSION_ID >= 115
    format_set_quote_prefix(f);
#endif
  }
  date_time_ = workbook_add_format(workbook_);
  format_set_num_format(date_time_, "yyyy-mm-dd hh:mm:ss");
  date_ = workbook_add_format(workbook_);
  format_set_num_format(date_, "yyyy-mm-dd");
}

XlsxBook::~XlsxBook() {
  if (workbook_) workbook_close(workbook_);
}

void XlsxBook::check(int error) const {
  if (error != LXW_NO_ERROR) fail(lxw_strerror(static_cast<lxw_error>(error)));
}

void XlsxBook::fail(const std::string& message) const {
  throw Error(ExitCode::internal, path_ + ": cannot write " + what_ + ": " + message);
}

lxw_worksheet* XlsxBook::add_sheet(const std::string& name) {
  check(workbook_validate_sheet_name(workbook_, name.c_str()));
  lxw_worksheet* sheet = workbook_add_worksheet(workbook_, name.c_str());
  // With a valid name, only the sheet's temporary file (constant-memory mode) can fail.
  if (!sheet) check(LXW_ERROR_CREATING_TMPFILE);
  return sheet;
}

void XlsxBook::write(lxw_worksheet* sheet, std::uint32_t row, std::uint16_t col, CellType type, std::string_view text,
                     bool bold) {
  if (text.empty()) return;  // an empty cell: nothing to write in a streamed row
  lxw_format* plain = bold ? bold_ : nullptr;
  if (type == CellType::number) {
    double number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && end == text.data() + text.size())
      return check(worksheet_write_number(sheet, row, col, number, plain));
  }
  if (type == CellType::boolean || type == CellType::value) {
    if (text == "true" || text == "false")
      return check(worksheet_write_boolean(sheet, row, col, text == "true", plain));
  }
  if (type == CellType::value) {
    if (auto d = parse_cell_date(text)) {
      lxw_datetime when = {d->year, d->month, d->day, d->hour, d->minute, static_cast<double>(d->second)};
      return check(worksheet_write_datetime(sheet, row, col, &when, d->has_time ? date_time_ : date_));
    }
  }
  auto value = cell_text(text);
  lxw_format* format = looks_like_formula(value) ? (bold ? bold_quoted_ : quoted_) : plain;
  check(worksheet_write_string(sheet, row, col, value.c_str(), format));
}

void XlsxBook::set_width(lxw_worksheet* sheet, std::uint16_t col, std::size_t chars) {
  check(worksheet_set_column(sheet, col, col, static_cast<double>(chars), nullptr));
}

void XlsxBook::header_view(lxw_worksheet* sheet, std::uint32_t row, std::uint16_t last_col, std::uint32_t last_row) {
  worksheet_freeze_panes(sheet, row + 1, 0);
  check(worksheet_autofilter(sheet, row, 0, last_row, last_col));
}

void XlsxBook::close() { check(workbook_close(std::exchange(workbook_, nullptr))); }

}  // namespace usersync
