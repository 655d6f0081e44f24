#include "csv_reader.h"

#include <algorithm>
#include <array>

#include "model/errors.h"
#include "model/text.h"

namespace usersync {

namespace {
constexpr std::size_t kShownLineBytes = 200;  // of a line's rest shown under an error; binary files have long lines

const char* const kNulMessage =
    "NUL byte in the text; this looks like a binary file or UTF-16 without a byte-order mark; expected UTF-8 text "
    "(or UTF-16 with a byte-order mark)";

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

/// The hint for a quote inside an unquoted field: the field written the RFC 4180 way.
std::string bare_quote_message(std::string_view value) {
  std::string hint = "quote the whole field and double the quote";
  if (value.size() <= 80) {
    std::string quoted = "\"";
    for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    hint += " (" + quoted + "\")";
  }
  return "quote inside an unquoted field; " + hint +
         ", or set lenient_quotes = true on the source to keep such quotes as text";
}
}  // namespace

CsvReader::CsvReader(TextSource& source, char delimiter, bool lenient_quotes)
    : source_(source), delim_(delimiter), lenient_quotes_(lenient_quotes) {}

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

std::string CsvReader::rest_of_line() {
  std::string rest;
  for (int c = peek(); c >= 0 && c != '\n' && c != '\r'; c = peek()) {
    if (rest.size() >= kShownLineBytes && (c & 0xC0) != 0x80) {
      rest += "…";
      break;
    }
    rest += static_cast<char>(c), ++pos_;
  }
  return rest;
}

void CsvReader::fail(std::int64_t line, std::int64_t column, const std::string& message, const CsvRow& row,
                     std::string_view consumed) {
  // Show the physical line the error is on: the record's text so far plus the rest of that line.
  std::string raw = row.raw;
  raw += consumed;
  if (consumed.empty()) raw += rest_of_line();
  std::string shown;  // a NUL would end the message early in a terminal; show it as U+2400, one column like NUL
  for (char c : line_of(raw, line - row.line)) shown += c == '\0' ? std::string("\u2400") : std::string(1, c);
  throw InputError(SourceLocation{source_.path(), line, column, shown}, message);
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
        if (state == State::quoted) {
          // A quote opened on the last line just lacks its closing quote; one that swallowed
          // later lines was most likely never meant to span them.
          auto body = std::string_view(field).substr(0, field.find_last_not_of("\r\n") + 1);
          fail(quote_line, quote_col,
               has_line_break(body)
                   ? "quoted field opened here is not closed properly; the parser reached the end of the file"
                   : "unterminated quoted field: the file ends before its closing quote",
               row);
        }
        end_field();
        break;
      }
      if (c == 0) fail(line_, column_, kNulMessage, row);
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
          } else if (c == '"' && !lenient_quotes_) {
            auto line = line_, column = column_;
            std::string rest = rest_of_line();  // starts with the quote
            fail(line, column, bare_quote_message(field + rest.substr(0, rest.find(delim_))), row, rest);
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
          } else if (has_line_break(field)) {
            // The field ran on over line breaks: the quote that opened it is the likely culprit.
            fail(quote_line, quote_col,
                 "quoted field opened here is not closed properly; the parser reached line " + std::to_string(line_) +
                     " column " + std::to_string(column_),
                 row);
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
