#include "text.h"

#include <unicode/unistr.h>

#include <algorithm>

namespace usersync {

namespace {
bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}
}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string fold_case(std::string_view s) {
  if (is_ascii(s)) return ascii_lower(s);
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))).foldCase().toUTF8String(out);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b))
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
  return fold_case(a) == fold_case(b);
}

namespace {
/// FNV-1a over the bytes, then a 64-bit finalizer (splitmix64's) so the low bits, which pick a
/// hash table slot, depend on every byte.
struct Fnv1a {
  std::uint64_t h = 14695981039346656037ull;
  void add(unsigned char c) { h = (h ^ c) * 1099511628211ull; }
  std::uint64_t done() const {
    std::uint64_t z = h;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};
}  // namespace

std::uint64_t folded_hash(std::string_view s) {
  Fnv1a hash;
  if (is_ascii(s)) {
    for (char c : s) hash.add(static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  } else {
    for (char c : fold_case(s)) hash.add(static_cast<unsigned char>(c));
  }
  return hash.done();
}

namespace {
/// The names in case-folded order, each with its folded key; stable, so equal keys keep input order.
std::vector<std::pair<std::string, std::string>> folded_order(std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> keyed;
  keyed.reserve(names.size());
  for (auto& n : names) {
    auto key = fold_case(n);
    keyed.emplace_back(std::move(key), std::move(n));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return keyed;
}
}  // namespace

void sort_folded(std::vector<std::string>& names) {
  auto keyed = folded_order(names);
  for (std::size_t i = 0; i < keyed.size(); ++i) names[i] = std::move(keyed[i].second);
}

void sort_unique_folded(std::vector<std::string>& names) {
  auto keyed = folded_order(names);
  names.clear();
  for (std::size_t i = 0; i < keyed.size(); ++i)
    if (i == 0 || keyed[i].first != keyed[i - 1].first) names.push_back(std::move(keyed[i].second));
}

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_list(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  if (sep.empty()) {
    if (!trim(s).empty()) out.emplace_back(trim(s));
    return out;
  }
  std::size_t pos = 0;
  while (true) {
    auto next = s.find(sep, pos);
    auto part = trim(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (!part.empty()) out.emplace_back(part);
    if (next == std::string_view::npos) break;
    pos = next + sep.size();
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::optional<bool> parse_bool(std::string_view s) {
  auto v = ascii_lower(trim(s));
  if (v == "true" || v == "yes" || v == "1" || v == "y" || v == "active" || v == "enabled") return true;
  if (v == "false" || v == "no" || v == "0" || v == "n" || v == "inactive" || v == "disabled" || v == "suspended" ||
      v == "deactivated" || v == "terminated" || v == "locked")
    return false;
  return std::nullopt;
}

std::size_t utf8_length(char lead) {
  auto c = static_cast<unsigned char>(lead);
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

std::size_t find_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
      n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
      n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      n = 4, cp = c & 0x07;
    else
      return i;
    if (i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n;
  }
  return std::string_view::npos;
}

std::size_t utf8_chars(std::string_view s, std::size_t bytes) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < bytes && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

std::string line_of(std::string_view text, std::int64_t index) {
  std::size_t pos = 0;
  for (std::int64_t i = 0; i < index && pos != std::string_view::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos) return {};
  auto line = text.substr(pos, text.find('\n', pos) - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return std::string(line);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus swapped neighbours, the commonest typo.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  // Close enough to be a typo: one edit in four characters (at least one).
  std::size_t best_d = std::max<std::size_t>(1, word.size() / 4) + 1;
  for (const auto& c : candidates) {
    auto d = edit_distance(ascii_lower(word), ascii_lower(c));
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

}  // namespace usersync
