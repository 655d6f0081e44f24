#pragma once
// Small text helpers shared by every layer: case folding for keys, trimming, splitting, UTF-8.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usersync {

/// Unicode case folding (ICU), so "ZOË@x" and "zoë@x" correlate. ASCII takes a fast path.
std::string fold_case(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
/// A 64-bit hash of fold_case(s), without building the folded string for ASCII: equal for any two
/// strings iequals calls equal. Different keys can share a hash: compare before trusting a match.
std::uint64_t folded_hash(std::string_view s);
std::string ascii_lower(std::string_view s);
std::string_view trim(std::string_view s);
/// Sorts names by their case-folded form, stably, folding each name once.
void sort_folded(std::vector<std::string>& names);
/// Sorts as sort_folded and drops every name equal to an earlier one case-insensitively.
void sort_unique_folded(std::vector<std::string>& names);
/// Splits on `sep`, trims each part and drops empty ones.
std::vector<std::string> split_list(std::string_view s, std::string_view sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// true/false, yes/no, 1/0, y/n, active/inactive, enabled/disabled (any case); nullopt otherwise.
std::optional<bool> parse_bool(std::string_view s);
/// Number of bytes in the UTF-8 sequence that starts with `lead` (1 for invalid lead bytes).
std::size_t utf8_length(char lead);
/// Byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid.
std::size_t find_invalid_utf8(std::string_view s);
/// Number of characters (code points) in the first `bytes` bytes of valid UTF-8.
std::size_t utf8_chars(std::string_view s, std::size_t bytes);
/// Line `index` (0-based) of a multi-line text, without its line break.
std::string line_of(std::string_view text, std::int64_t index);
/// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate closest to `word`, if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace usersync
