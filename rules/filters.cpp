#include "filters.h"

#include <unicode/locid.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <array>
#include <clocale>
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
  return each(v, [&](const std::string& s) { return s.substr(0, s.find(c.args[0].text)); });
}
Value f_after(const Value& v, const FilterCall& c) {
  const std::string& sep = c.args[0].text;
  return each(v, [&](const std::string& s) {
    auto p = s.find(sep);
    return p == std::string::npos ? std::string() : s.substr(p + sep.size());
  });
}
void p_substring(FilterCall& c) {
  parse_int(c.args[0].text, "substring's start");
  if (c.args.size() > 1 && parse_int(c.args[1].text, "substring's length") < 0)
    throw std::invalid_argument("substring's length must not be negative");
}
Value f_substring(const Value& v, const FilterCall& c) {
  long start = parse_int(c.args[0].text, "start");
  long length = c.args.size() > 1 ? parse_int(c.args[1].text, "length") : -1;
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
void p_replace(FilterCall& c) { c.regex = std::make_shared<const Regex>(c.args[0].text); }
Value f_replace(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) { return c.regex->replace(s, c.args[1].text, true).value_or(s); });
}
Value f_default(const Value& v, const FilterCall& c) { return v.empty() ? Value::of(c.args[0].text) : v; }
Value f_split(const Value& v, const FilterCall& c) {
  Value out{{}, true};
  for (const auto& item : v.items)
    for (auto& part : split_list(item, c.args.empty() ? "," : c.args[0].text)) out.items.push_back(std::move(part));
  return out;
}
Value f_join(const Value& v, const FilterCall& c) {
  std::vector<std::string> parts;
  for (const auto& i : v.items)
    if (!i.empty()) parts.push_back(i);
  return Value::of(join(parts, c.args.empty() ? ", " : c.args[0].text));
}
void p_ascii(FilterCall& c) {
  if (!c.args.empty() && c.args[0].text != "de" && c.args[0].text != "")
    throw std::invalid_argument("ascii takes no argument, or 'de' for German transliteration (ä -> ae)");
}
Value f_ascii(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) { return to_ascii(s, c.args.empty() ? "" : c.args[0].text); });
}

/// The C locale, so that %b and %B read and write English month names whatever the process locale.
locale_t c_locale() {
  static const locale_t loc = newlocale(LC_ALL_MASK, "C", locale_t{});
  return loc;
}
/// Seconds since the epoch (as UTC) when the whole of `text` matches `format`.
std::optional<std::int64_t> parse_date(const std::string& text, const std::string& format) {
  std::tm tm{};
  const char* end = strptime_l(text.c_str(), format.c_str(), &tm, c_locale());
  if (!end || *end) return std::nullopt;
  return timegm(&tm);
}
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "'" : ", '") + i + "'";
  return out;
}
Value f_date(const Value& v, const FilterCall& c) {
  return each(v, [&](const std::string& s) -> std::string {
    if (trim(s).empty()) return {};
    std::int64_t seconds;
    if (c.args.size() > 1) {
      const FilterArg& in = c.args[1];
      const std::string text(trim(s));  // strptime's end pointer points into it
      std::optional<std::int64_t> parsed;
      if (in.kind == FilterArg::Kind::text) {
        parsed = parse_date(text, in.text);
        if (!parsed) throw std::runtime_error("'" + s + "' is not a date in the format '" + in.text + "'");
      } else {
        for (const auto& format : in.items)
          if ((parsed = parse_date(text, format))) break;
        if (!parsed && in.items.size() == 1)
          throw std::runtime_error("'" + s + "' is not a date in the format '" + in.items[0] + "'");
        if (!parsed)
          throw std::runtime_error("'" + s + "' is not a date in any of the formats " + quoted_list(in.items));
      }
      seconds = *parsed;
    } else {
      auto t = Timestamp::parse(trim(s));
      if (!t) throw std::runtime_error("'" + s + "' is not an ISO 8601 date");
      seconds = t->seconds;
    }
    std::time_t tt = static_cast<std::time_t>(seconds);
    std::tm out{};
    gmtime_r(&tt, &out);
    char buf[128];
    auto n = strftime_l(buf, sizeof buf, c.args[0].text.c_str(), &out, c_locale());
    return std::string(buf, n);
  });
}

/// Replaces values found in the map: an exact key first, then one that differs only in case. An
/// empty value stays empty unless the map has a '' key.
Value f_map(const Value& v, const FilterCall& c) {
  const auto& entries = c.args[0].entries;
  return each(v, [&](const std::string& s) -> std::string {
    auto key = trim(s);
    for (const auto& [k, to] : entries)
      if (k == key) return to;
    for (const auto& [k, to] : entries)
      if (iequals(k, key)) return to;
    if (key.empty() || c.args.size() < 2) return s;
    return c.args[1].text;
  });
}

/// The non-empty items of a list, trimmed, reduced to one by `better(candidate, best)`.
template <class Better>
Value reduce(const Value& v, Better better) {
  std::optional<std::string_view> best;
  for (const auto& i : v.items) {
    auto item = trim(i);
    if (!item.empty() && (!best || better(item, *best))) best = item;
  }
  return Value::of(best ? std::string(*best) : std::string());
}
Value f_max(const Value& v, const FilterCall&) {
  return reduce(v, [](std::string_view a, std::string_view b) { return a > b; });
}
Value f_min(const Value& v, const FilterCall&) {
  return reduce(v, [](std::string_view a, std::string_view b) { return a < b; });
}
Value f_first(const Value& v, const FilterCall&) {
  return reduce(v, [](std::string_view, std::string_view) { return false; });
}

const std::array<FilterInfo, 18> kFilters{{
    {"lower", 0, 0, &f_lower, nullptr, ""},
    {"upper", 0, 0, &f_upper, nullptr, ""},
    {"title", 0, 0, &f_title, nullptr, ""},
    {"trim", 0, 0, &f_trim, nullptr, ""},
    {"before", 1, 1, &f_before, nullptr, ""},
    {"after", 1, 1, &f_after, nullptr, ""},
    {"substring", 1, 2, &f_substring, &p_substring, ""},
    {"replace", 2, 2, &f_replace, &p_replace, ""},
    {"default", 1, 1, &f_default, nullptr, ""},
    {"split", 0, 1, &f_split, nullptr, ""},
    {"join", 0, 1, &f_join, nullptr, ""},
    {"ascii", 0, 1, &f_ascii, &p_ascii, ""},
    {"date", 1, 2, &f_date, nullptr, "tl"},
    {"map", 1, 2, &f_map, nullptr, "mt"},
    {"max", 0, 0, &f_max, nullptr, ""},
    {"min", 0, 0, &f_min, nullptr, ""},
    {"first", 0, 0, &f_first, nullptr, ""},
    {"coalesce", 0, 0, nullptr, nullptr, ""},  // a function, not a filter: listed so "did you mean" knows it
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

std::optional<std::string> check_arg_kind(const FilterInfo& filter, std::size_t index, const FilterArg& arg) {
  char want = index < filter.kinds.size() ? filter.kinds[index] : 't';
  if (arg.kind == FilterArg::Kind::text && want != 'm') return std::nullopt;
  if (arg.kind == FilterArg::Kind::list && want == 'l') return std::nullopt;
  if (arg.kind == FilterArg::Kind::map && want == 'm') return std::nullopt;
  std::string what = want == 'm'   ? "a map such as {'Yes': 'true'}"
                     : want == 'l' ? "a quoted string or a list of quoted strings"
                                   : "a quoted string or a number";
  return "argument " + std::to_string(index + 1) + " must be " + what;
}

std::vector<std::string> filter_names() {
  std::vector<std::string> out;
  for (const auto& f : kFilters) out.emplace_back(f.name);
  return out;
}

}  // namespace usersync
