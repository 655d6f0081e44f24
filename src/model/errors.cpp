#include "errors.h"

#include <cctype>

#include "text.h"

namespace usersync {

std::string column_name(std::int64_t column) {
  std::string out;
  while (column > 0) {
    --column;
    out.insert(out.begin(), static_cast<char>('A' + column % 26));
    column /= 26;
  }
  return out;
}

std::string cell_place(const std::string& file, const std::string& sheet, std::int64_t column, std::int64_t row) {
  bool plain = !sheet.empty();
  for (unsigned char c : sheet)
    if (!(std::isalnum(c) || c == '_' || c == '.' || c >= 0x80)) plain = false;
  std::string quoted = plain ? sheet : "'";
  if (!plain) {
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
  }
  std::string at = column > 0 ? column_name(column) + std::to_string(row) : std::to_string(row) + ":" + std::to_string(row);
  return file + "!" + quoted + "!" + at;
}

std::string format_located(const SourceLocation& where, const std::string& message) {
  if (!where.sheet.empty()) return cell_place(where.file, where.sheet, where.column, where.line) + ": " + message;
  std::string out = where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line);
  if (where.line > 0 && where.column > 0) out += ":" + std::to_string(where.column);
  if (!where.pointer.empty()) out += "#" + where.pointer;
  out += ": " + message;
  if (!where.raw_line.empty()) {
    out += "\n  " + where.raw_line;
    if (where.column > 0) {
      // Columns count characters, so the caret lines up for any UTF-8 text without tabs.
      std::string pad;
      std::int64_t col = 1;
      for (std::size_t i = 0; i < where.raw_line.size() && col < where.column;
           i += utf8_length(where.raw_line[i]), ++col)
        pad += where.raw_line[i] == '\t' ? '\t' : ' ';
      out += "\n  " + pad + "^";
    }
  }
  return out;
}

}  // namespace usersync
