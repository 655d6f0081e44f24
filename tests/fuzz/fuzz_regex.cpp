// Regex rules: PCRE2 compile of a fuzzed pattern, then match and replace on a fuzzed subject, as
// a Regex, as a NameMatcher ("/…/i" specs) and as a [[rule]] through Transforms.
// Input: pattern, then (after the first NUL or newline) the subject, then optionally (after the
// next NUL or newline) the replacement. A bad pattern is std::invalid_argument (Regex's contract;
// the config turns it into ConfigError); a match that fails is RegexError.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "fuzz_util.h"
#include "model/identity.h"
#include "model/record.h"
#include "rules/regex.h"
#include "rules/transform.h"

using namespace usersync;

namespace {

std::string_view take_line(std::string_view& in) {
  auto cut = in.find_first_of(std::string_view("\0\n", 2));
  auto head = in.substr(0, cut);
  in = cut == std::string_view::npos ? std::string_view() : in.substr(cut + 1);
  return head;
}

template <class F>
void expect_regex_outcomes(F&& f) {
  fuzz::expect_only_usersync_errors([&] {
    try {
      f();
    } catch (const std::invalid_argument&) {
    } catch (const RegexError&) {
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view pattern = take_line(in);
  bool has_replacement = in.find_first_of(std::string_view("\0\n", 2)) != std::string_view::npos;
  std::string_view subject = take_line(in);
  std::string replacement = has_replacement ? std::string(in) : "<$0|${1}>";

  expect_regex_outcomes([&] {
    Regex re(pattern);
    (void)re.matches(subject);
    (void)re.replace(subject, replacement, false);
    (void)re.replace(subject, replacement, true);
  });
  expect_regex_outcomes([&] {
    NameMatcher m{std::string(pattern)};
    (void)m.matches(subject);
  });
  // The spec-level loader: a [[rule]] compiled by Transforms and applied to a mapped user.
  fuzz::expect_only_usersync_errors([&] {
    TransformSpec spec;
    spec.attribute = "email";
    spec.match = std::string(pattern);
    if (has_replacement) spec.replace = replacement;
    spec.case_insensitive = size % 2;
    spec.global = true;
    spec.where = SourceLocation{"fuzz.toml", 5, 1, ""};
    Transforms rules({spec}, {{"email", NoMatch::clear}});
    Record record;
    record.header = std::make_shared<const Header>(std::vector<std::string>{"mail"});
    record.values = {std::string(subject)};
    record.lines = {2};
    record.columns = {1};
    record.line = 2;
    SourceUser user;
    user.username = "fuzz";
    user.attrs.set("email", std::string(subject));
    rules.apply(record, user, "hr");
  });
  return 0;
}
