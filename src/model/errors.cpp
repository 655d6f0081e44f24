#include "errors.h"

#include "text.h"

namespace usersync {

std::string format_located(const SourceLocation& where, const std::string& message) {
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
