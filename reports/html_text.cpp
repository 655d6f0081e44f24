#include "html_text.h"

#include <charconv>

#include "model/text.h"

namespace usersync {

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// Calls `plain(byte)` for each ASCII byte and `copy(sequence)` for each valid multi-byte
/// UTF-8 sequence; a broken sequence is copied as U+FFFD, one per byte, as JsonWriter does.
template <class Plain, class Copy>
void each_char(std::string_view text, Plain&& plain, Copy&& copy) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      plain(i);
      ++i;
      continue;
    }
    auto n = utf8_length(text[i]);
    if (i + n <= text.size() && find_invalid_utf8(text.substr(i, n)) == std::string_view::npos) {
      copy(text.substr(i, n));
      i += n;
    } else {
      copy(kReplacement);
      ++i;
    }
  }
}

bool scheme_slashes(std::string_view text, std::size_t colon) { return text.substr(colon, 3) == "://"; }
}  // namespace

void html_escape(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  each_char(
      text,
      [&](std::size_t i) {
        char c = text[i];
        switch (c) {
          case '&':
            out += "&amp;";
            break;
          case '<':
            out += "&lt;";
            break;
          case '>':
            out += "&gt;";
            break;
          case '"':
            out += "&quot;";
            break;
          case '\'':
            out += "&#39;";
            break;
          case ':':
            out += scheme_slashes(text, i) ? "&#58;" : ":";
            break;
          case '\t':
          case '\n':
          case '\r':
            out += c;
            break;
          default:
            // NUL and other controls are parse errors in HTML; DEL is not text either.
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
              out += kReplacement;
            else
              out += c;
        }
      },
      [&](std::string_view seq) { out += seq; });
}

std::string html_escape(std::string_view text) {
  std::string out;
  html_escape(text, out);
  return out;
}

void script_json(std::string_view json, std::string& out) {
  out.reserve(out.size() + json.size());
  each_char(
      json,
      [&](std::size_t i) {
        char c = json[i];
        if (c == '<')
          out += "\\u003c";
        else if (c == ':' && scheme_slashes(json, i))
          // A structural ':' is followed by a value, never by '/': this one is inside a string.
          out += "\\u003a";
        else
          out += c;
      },
      [&](std::string_view seq) { out += seq; });
}

std::string count_text(std::int64_t n) {
  auto digits = std::to_string(n < 0 ? -(n + 1) + 1ULL : static_cast<unsigned long long>(n));
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string figure_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "?";
}

}  // namespace usersync
