#pragma once
// Text as report.html needs it: escaped for the page's markup, JSON made safe inside a <script>
// element, and numbers as people read them. Whatever the input bytes, the output is valid UTF-8
// and holds no "://", so no value can smuggle markup or a live-looking URL into the page.
#include <cstdint>
#include <string>
#include <string_view>

namespace usersync {

/// Appends `text` escaped for HTML text and attribute values (& < > " '). Invalid UTF-8 and
/// control characters other than tab and line breaks become U+FFFD; "://" is written "&#58;//".
void html_escape(std::string_view text, std::string& out);
std::string html_escape(std::string_view text);

/// Appends a JSON text for a `<script type="application/json">` element: every '<' becomes
/// \u003c (so neither "</script>" nor "<!--" can end or change the element) and "://" becomes
/// \u003a// (only inside strings, where JSON allows the escape). Invalid UTF-8 becomes U+FFFD.
void script_json(std::string_view json, std::string& out);

/// 12345 as "12,345".
std::string count_text(std::int64_t n);
/// A guard figure as summary.json writes it: 7, 0.0482 (shortest form that reads back the same).
std::string figure_text(double v);

}  // namespace usersync
