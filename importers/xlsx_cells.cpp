#include "xlsx_cells.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "model/timestamp.h"

namespace usersync {

NumberFormat classify_number_format(int id, std::string_view code) {
  // A format the workbook declares is read from its code, whatever its id (SheetJS declares its
  // own formats from id 56 up). Otherwise built-in ids: 14-17 dates, 18-21 times, 22 date and time,
  // 45-47 times; 27-36 and 50-58 are the East Asian locales' dates.
  if (code.empty() &&
      ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58)))
    return {true, false, false, 0};
  if (code.empty() && id == 46) return {false, true, true, 0};  // [h]:mm:ss
  if (code.empty() && ((id >= 18 && id <= 21) || id == 45 || id == 47 || id == 32 || id == 33))
    return {false, true, false, 0};
  if (code.empty() && id == 22) return {true, true, false, 0};
  if (code.empty()) return {};
  // Only the first section counts (positive numbers). Quoted text, escaped characters, colours,
  // locales and conditions in brackets are no date parts; [h], [mm], [ss] are elapsed time;
  // AM/PM and A/P mark a time of day.
  NumberFormat f;
  bool digits_only = !code.empty();
  int zeros = 0;
  bool minutes_context = false;  // `m` right after h or before s means minutes
  auto upper_at = [&](std::size_t i, std::string_view token) {
    if (code.size() - i < token.size()) return false;
    for (std::size_t k = 0; k < token.size(); ++k)
      if (std::toupper(static_cast<unsigned char>(code[i + k])) != token[k]) return false;
    return true;
  };
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      digits_only = false;
      auto end = code.find('"', i + 1);
      i = end == std::string_view::npos ? code.size() : end;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      digits_only = false;
      ++i;
      continue;
    }
    if (c == '[') {
      auto end = code.find(']', i + 1);
      std::string_view tag = code.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
      bool elapsed = !tag.empty() && tag.find_first_not_of(tag.substr(0, 1)) == std::string_view::npos &&
                     std::string_view("hHmMsS").find(tag[0]) != std::string_view::npos;
      if (elapsed) f.time = f.elapsed = true, minutes_context = true;
      digits_only = false;
      i = end == std::string_view::npos ? code.size() : end;
      continue;
    }
    if (upper_at(i, "AM/PM") || upper_at(i, "A/P")) {
      f.time = true;
      digits_only = false;
      i += upper_at(i, "AM/PM") ? 4 : 2;
      continue;
    }
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '0') {
      ++zeros;
      continue;
    }
    digits_only = false;
    if (l == 'y' || l == 'd') {
      f.date = true;
    } else if (l == 'h' || l == 's') {
      f.time = true;
      minutes_context = l == 'h';
      continue;
    } else if (l == 'm') {
      // `mm` after an hour or before a second is minutes; otherwise a month.
      auto rest = code.substr(i);
      auto next = rest.find_first_not_of("mM");
      bool before_seconds = next != std::string_view::npos &&
                            rest.substr(next).find_first_of("sS") < rest.substr(next).find_first_of("yYdDhH");
      if (minutes_context || before_seconds) {
        f.time = true;
      } else {
        f.date = true;
      }
    } else if (l == 'e' && (f.date || f.time)) {
      f.date = true;  // `e` is the era year in some locales' date formats
    }
    if (l != ' ' && l != ':' && l != 'm') minutes_context = false;
  }
  if (f.elapsed) f.date = false;  // a duration ([h]:mm) has no calendar day
  if (digits_only && zeros > 1) f.zero_pad = zeros;
  return f;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return value != value ? "NaN" : (value > 0 ? "Infinity" : "-Infinity");
  char buf[400];
  if (value == std::trunc(value) && std::fabs(value) < 1e21) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return std::string(buf) == "-0" ? "0" : buf;
  }
  // Excel keeps 15 significant digits; the stored binary value may carry noise past them
  // (0.1 + 0.2 is stored as 0.30000000000000004 and shown as 0.3).
  std::snprintf(buf, sizeof buf, "%.15g", value);
  double rounded = std::strtod(buf, nullptr);
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : std::string(buf);
}

std::optional<std::string> format_date(double serial, bool date1904, const NumberFormat& format) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.99999) return std::nullopt;  // 9999-12-31
  // Day 0 of the 1900 system is 1899-12-31, and Lotus's leap day 1900-02-29 (serial 60) makes
  // every later serial one too high; serials from 61 on count from 1899-12-30. The 1904 system
  // counts from 1904-01-01 without that fault.
  double epoch = date1904 ? 24107.0 : (serial < 61 ? 25568.0 : 25569.0);
  auto seconds = static_cast<std::int64_t>(std::llround((serial - epoch) * 86400.0));
  std::string iso = Timestamp{seconds}.iso();  // "2026-11-30T08:15:00Z"
  if (format.elapsed) {  // a duration: hours past 24 stay hours
    char buf[32];
    auto total = static_cast<long long>(std::llround(serial * 86400.0));
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", total / 3600, total % 3600 / 60, total % 60);
    return std::string(buf);
  }
  if (!format.date && format.time) return iso.substr(11, 8);
  if (format.time) return iso.substr(0, 19);
  return iso.substr(0, 10);
}

std::string unescape_ooxml(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned code = 0;
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_' &&
        std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16).ptr == text.data() + i + 6 &&
        (code < 0xD800 || code > 0xDFFF)) {  // a lone surrogate half stays as written
      // `_x005F_` escapes the underscore itself; others are UTF-16 code units below U+10000.
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
      i += 6;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::optional<std::pair<std::int64_t, std::int64_t>> parse_cell_ref(std::string_view ref) {
  std::int64_t column = 0, row = 0;
  std::size_t i = 0;
  for (; i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z')); ++i) {
    column = column * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (column > 16384) return std::nullopt;  // XFD, the last column
  }
  if (i == 0 || i == ref.size()) return std::nullopt;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return std::nullopt;
    row = row * 10 + (ref[i] - '0');
    if (row > 1048576) return std::nullopt;
  }
  if (row == 0) return std::nullopt;
  return std::pair{column, row};
}

}  // namespace usersync
