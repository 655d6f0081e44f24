#pragma once
// A PCRE2 pattern compiled once (UTF + UCP, JIT when available) with match limits, so a
// pathological pattern on one value fails that value instead of hanging the run.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace usersync {

/// A match that ran into the match limit, or another matching failure on one value.
struct RegexError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Regex {
 public:
  /// Compiles `pattern`. Throws std::invalid_argument with PCRE2's message and the offset.
  explicit Regex(std::string_view pattern, bool case_insensitive = false);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  /// Whether the pattern matches anywhere in `subject`. Throws RegexError on the match limit.
  bool matches(std::string_view subject) const;
  /// `subject` with the first match (or every match) replaced; `$1`, `${name}` refer to groups.
  /// nullopt when nothing matched. Throws RegexError on the match limit or a bad replacement.
  std::optional<std::string> replace(std::string_view subject, std::string_view replacement, bool global = false) const;
  const std::string& pattern() const { return pattern_; }

  /// The match limit for every Regex; the default allows ordinary patterns with room to spare.
  static constexpr unsigned kMatchLimit = 1'000'000;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string pattern_;
};

/// A name filter as admins write them: "jira-users" (exact, case-insensitive) or "/^eng-.*$/"
/// (a regex; "/…/i" for case-insensitive).
class NameMatcher {
 public:
  explicit NameMatcher(const std::string& spec);
  bool matches(std::string_view name) const;
  const std::string& spec() const { return spec_; }

 private:
  std::string spec_;
  std::string folded_;
  std::shared_ptr<Regex> regex_;
};

}  // namespace usersync
