#include "filters.h"

#include <unicode/locid.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <array>
#include <ctime>
#include <map>
#include <stdexcept>

#include "model/text.h"
#include "model/timestamp.h"
#include "regex.h"

namespace usersync {

std::string Value::str() const { return list ? join(items, "; ") : (items.empty() ? std::string() : items[0]); }
bool Value::empty() const {
  for (const auto& i : items)
    if (!i.empty()) return false;
  return true;
}

namespace {

/// Applies a string function to every item of a value.
template <class F>
Value each(const Value& v, F f) {
  Value out{{}, v.list};
  for (const auto& item : v.items) out.items.push_back(f(item));
  return out;
}

icu::UnicodeString u(const std::string& s) { return icu::UnicodeString::fromUTF8(s); }
std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

long parse_int(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    long v = std::stol(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(std::string(what) + " must be a whole number, got '" + s + "'");
}

Value f_lower(const Value& v, const FilterCall&) {
  return each(v, [](const std::string& s) { return utf8(u(s).toLower(icu::Locale::getRoot())); });
}
Value f_upper(const Value& v, const FilterCall&) {
  return each(v, [](const std::string& s) { return utf8(u(s).toUpper(icu::Locale::getRoot())); });
}
Value f_title(const Value& v, const FilterCall&) {
  return each(v, [](const std::string& s) { return utf8(u(s).toTitle(nullptr, icu::Locale::getRoot())); });
}
Value f_trim(const Value& v, const FilterCall&) {
  return each(v, [](const std::string& s) { return std::string(trim(s)); });
}
Value f_before(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) { return s.substr(0, s.find(c.args[0])); });
}
Value f_after(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) {
    auto p = s.find(c.args[0]);
    return p == std::string::npos ? std::string() : s.substr(p + c.args[0].size());
  });
}
void p_substring(FilterCall& c) {
  parse_int(c.args[0], "substring's start");
  if (c.args.size() > 1 && parse_int(c.args[1], "substring's length") < 0)
    throw std::invalid_argument("substring's length must not be negative");
}
Value f_substring(const Value& v, const FilterCall& c) {
  long start = parse_int(c.args[0], "start");
  long length = c.args.size() > 1 ? parse_int(c.args[1], "length") : -1;
  return each(v, [&](const std::string& s) {
    auto text = u(s);
    int32_t n = text.countChar32();
    int32_t from = static_cast<int32_t>(start < 0 ? std::max<long>(0, n + start) : std::min<long>(start, n));
    int32_t count = length < 0 ? n - from : static_cast<int32_t>(std::min<long>(length, n - from));
    icu::UnicodeString out;
    int32_t a = text.moveIndex32(0, from), b = text.moveIndex32(a, count);
    text.extractBetween(a, b, out);
    return utf8(out);
  });
}
void p_replace(FilterCall& c) { c.regex = std::make_shared<const Regex>(c.args[0]); }
Value f_replace(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) { return c.regex->replace(s, c.args[1], true).value_or(s); });
}
Value f_default(const Value& v, const FilterCall& c) { return v.empty() ? Value::of(c.args[0]) : v; }
Value f_split(const Value& v, const FilterCall& c) {
  Value out{{}, true};
  for (const auto& item : v.items)
    for (auto& part : split_list(item, c.args.empty() ? "," : c.args[0])) out.items.push_back(std::move(part));
  return out;
}
Value f_join(const Value& v, const FilterCall& c) {
  std::vector<std::string> parts;
  for (const auto& i : v.items)
    if (!i.empty()) parts.push_back(i);
  return Value::of(join(parts, c.args.empty() ? ", " : c.args[0]));
}
void p_ascii(FilterCall& c) {
  if (!c.args.empty() && c.args[0] != "de" && c.args[0] != "")
    throw std::invalid_argument("ascii takes no argument, or 'de' for German transliteration (ä -> ae)");
}
Value f_ascii(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) { return to_ascii(s, c.args.empty() ? "" : c.args[0]); });
}
Value f_date(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) -> std::string {
    if (trim(s).empty()) return {};
    std::int64_t seconds;
    if (c.args.size() > 1) {
      std::tm tm{};
      const std::string text(trim(s));  // outlives `end`, which points into it
      const char* end = strptime(text.c_str(), c.args[1].c_str(), &tm);
      if (!end || *end) throw std::runtime_error("'" + s + "' is not a date in the format '" + c.args[1] + "'");
      seconds = timegm(&tm);
    } else {
      auto t = Timestamp::parse(trim(s));
      if (!t) throw std::runtime_error("'" + s + "' is not an ISO 8601 date");
      seconds = t->seconds;
    }
    std::time_t tt = static_cast<std::time_t>(seconds);
    std::tm out{};
    gmtime_r(&tt, &out);
    char buf[128];
    auto n = std::strftime(buf, sizeof buf, c.args[0].c_str(), &out);
    return std::string(buf, n);
  });
}

const std::array<FilterInfo, 14> kFilters{{
    {"lower", 0, 0, &f_lower, nullptr},
    {"upper", 0, 0, &f_upper, nullptr},
    {"title", 0, 0, &f_title, nullptr},
    {"trim", 0, 0, &f_trim, nullptr},
    {"before", 1, 1, &f_before, nullptr},
    {"after", 1, 1, &f_after, nullptr},
    {"substring", 1, 2, &f_substring, &p_substring},
    {"replace", 2, 2, &f_replace, &p_replace},
    {"default", 1, 1, &f_default, nullptr},
    {"split", 0, 1, &f_split, nullptr},
    {"join", 0, 1, &f_join, nullptr},
    {"ascii", 0, 1, &f_ascii, &p_ascii},
    {"date", 1, 2, &f_date, nullptr},
    {"coalesce", 0, 0, nullptr, nullptr},  // a function, not a filter: listed so "did you mean" knows it
}};

}  // namespace

std::string to_ascii(const std::string& text, const std::string& style) {
  // Transliterators are costly to build and reused for every value.
  static std::map<std::string, std::unique_ptr<icu::Transliterator>> cache;
  auto& t = cache[style];
  if (!t) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse{};
    icu::UnicodeString rules =
        style == "de" ? u("ä > ae; ö > oe; ü > ue; Ä > Ae; Ö > Oe; Ü > Ue; ß > ss; :: Any-Latin; :: Latin-ASCII;")
                      : u(":: Any-Latin; :: Latin-ASCII;");
    t.reset(icu::Transliterator::createFromRules("usersync-ascii-" + u(style), rules, UTRANS_FORWARD, parse, status));
    if (U_FAILURE(status))
      throw std::runtime_error(std::string("ICU transliterator unavailable: ") + u_errorName(status));
  }
  auto s = u(text);
  t->transliterate(s);
  return utf8(s);
}

const FilterInfo* find_filter(std::string_view name) {
  for (const auto& f : kFilters)
    if (f.name == name && f.apply) return &f;
  return nullptr;
}

std::vector<std::string> filter_names() {
  std::vector<std::string> out;
  for (const auto& f : kFilters) out.emplace_back(f.name);
  return out;
}

}  // namespace usersync
