#include "csv_reader.h"

#include <algorithm>
#include <array>

#include "model/errors.h"
#include "model/text.h"

namespace usersync {

CsvReader::CsvReader(TextSource& source, char delimiter) : source_(source), delim_(delimiter) {}

int CsvReader::peek() {
  if (pos_ >= buf_.size()) {
    buf_.erase(0, pos_);
    pos_ = 0;
    if (buf_.empty() && !source_.read(buf_)) return -1;
  }
  return static_cast<unsigned char>(buf_[pos_]);
}

int CsvReader::get() {
  int c = peek();
  if (c < 0) return c;
  ++pos_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else if ((c & 0xC0) != 0x80) {
    ++column_;
  }
  return c;
}

void CsvReader::fail(std::int64_t line, std::int64_t column, const std::string& message, const CsvRow& row) {
  // Show the physical line the error is on: the record's text so far plus the rest of that line.
  std::string raw = row.raw;
  for (int c = peek(); c >= 0 && c != '\n' && c != '\r'; c = peek()) raw += static_cast<char>(c), ++pos_;
  throw InputError(SourceLocation{source_.path(), line, column, line_of(raw, line - row.line)}, message);
}

bool CsvReader::next(CsvRow& row) {
  enum class State { field_start, unquoted, quoted, after_quote };
  while (true) {
    row.fields.clear();
    row.field_lines.clear();
    row.field_columns.clear();
    row.raw.clear();
    row.line = line_;
    if (peek() < 0) return false;
    State state = State::field_start;
    std::string field;
    std::int64_t quote_line = 0, quote_col = 0;
    auto start_field = [&] {
      row.field_lines.push_back(line_);
      row.field_columns.push_back(column_);
    };
    auto end_field = [&] {
      auto bad = find_invalid_utf8(field);
      if (bad != std::string::npos) {
        // Locate the bad byte: count characters and line breaks inside the field.
        auto before = std::string_view(field).substr(0, bad);
        auto nl = before.rfind('\n');
        std::int64_t l = row.field_lines.back() + std::count(before.begin(), before.end(), '\n');
        std::int64_t c = nl == std::string_view::npos
                             ? row.field_columns.back() + static_cast<std::int64_t>(utf8_chars(before, bad)) +
                                   (state == State::after_quote ? 1 : 0)
                             : static_cast<std::int64_t>(utf8_chars(before.substr(nl + 1), bad - nl - 1)) + 1;
        fail(l, c, "invalid UTF-8 byte sequence; expected UTF-8 text (or UTF-16 with a byte-order mark)", row);
      }
      row.fields.push_back(std::move(field));
      field.clear();
    };
    bool done = false;
    while (!done) {
      int c = peek();
      if (state == State::field_start) start_field();
      if (c < 0) {
        if (state == State::quoted)
          fail(quote_line, quote_col, "unterminated quoted field: the file ends before its closing quote", row);
        end_field();
        break;
      }
      bool is_newline = c == '\n' || c == '\r';
      switch (state) {
        case State::field_start:
          if (c == '"') {
            quote_line = line_, quote_col = column_;
            state = State::quoted;
            get();
            row.raw += '"';
            continue;
          }
          state = State::unquoted;
          [[fallthrough]];
        case State::unquoted:
          if (c == delim_) {
            end_field();
            state = State::field_start;
          } else if (is_newline) {
            done = true;
            continue;
          } else {
            field += static_cast<char>(c);
          }
          break;
        case State::quoted:
          if (c == '"')
            state = State::after_quote;
          else
            field += static_cast<char>(c);
          break;
        case State::after_quote:
          if (c == '"') {
            field += '"';
            state = State::quoted;
          } else if (c == delim_) {
            end_field();
            state = State::field_start;
          } else if (is_newline) {
            done = true;
            continue;
          } else {
            fail(line_, column_,
                 std::string("unexpected character after a closing quote; expected the delimiter '") +
                     (delim_ == '\t' ? std::string("\\t") : std::string(1, delim_)) +
                     "', a line break, or a doubled quote",
                 row);
          }
          break;
      }
      get();
      row.raw += static_cast<char>(c);
    }
    if (done) end_field();
    row.end_line = line_;
    row.end_column = column_;
    // Consume the line break: \n, \r\n or a lone \r.
    if (peek() == '\r') {
      ++pos_;
      if (peek() == '\n')
        get();
      else
        ++line_, column_ = 1;
    } else if (peek() == '\n') {
      get();
    }
    bool blank = row.fields.size() == 1 && row.fields[0].empty() && row.raw.empty();
    if (!blank) return true;
  }
}

char sniff_delimiter(std::string_view sample) {
  static constexpr std::array<char, 4> candidates{',', ';', '\t', '|'};
  char best = ',';
  std::size_t best_fields = 1;
  bool best_consistent = false;
  for (char d : candidates) {
    // Count fields per record, quote-aware, over the complete records in the sample.
    std::vector<std::size_t> counts;
    std::size_t fields = 1;
    bool quoted = false, content = false;
    for (std::size_t i = 0; i < sample.size() && counts.size() < 50; ++i) {
      char c = sample[i];
      if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == d)
        ++fields;
      else if (!quoted && (c == '\n' || c == '\r')) {
        if (content || fields > 1) counts.push_back(fields);
        fields = 1, content = false;
        if (c == '\r' && i + 1 < sample.size() && sample[i + 1] == '\n') ++i;
        continue;
      }
      content = true;
    }
    if (counts.empty() && content) counts.push_back(fields);  // a one-line sample
    if (counts.empty()) continue;
    bool consistent = std::all_of(counts.begin(), counts.end(), [&](auto n) { return n == counts[0]; });
    std::size_t n = counts[0];
    if (n < 2) continue;
    if ((consistent && !best_consistent) || (consistent == best_consistent && n > best_fields)) {
      best = d, best_fields = n, best_consistent = consistent;
    }
  }
  return best;
}

}  // namespace usersync
