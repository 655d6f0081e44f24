// The template language: Template::parse, then render against a small fixed record, once by
// field lookup and once as a Record (so fields('regex') has a header to match).
// Input: the template text, optionally a NUL and a value for the field "input", so filters also
// see arbitrary values. Parse errors are ConfigError; render's contract is std::runtime_error
// for a value a filter cannot handle (Mapping::map turns it into an error of that user).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "model/record.h"
#include "rules/template.h"

using namespace usersync;

namespace {

const std::vector<std::string> kNames{"first_name", "last_name", "email", "Given Name", "groups", "Group 1",
                                      "Group 2",    "hired",     "start", "blank",      "n",      "input"};
const std::vector<std::string> kValues{"Zoë",
                                       "Jäger-Ørsted",
                                       "zoe.jager@example.com",
                                       "  Anna  ",
                                       "eng; ops;;admins",
                                       "eng",
                                       "Ops",
                                       "2024-02-29",
                                       "31/12/2023 08:15",
                                       "",
                                       "-42",
                                       ""};

template <class F>
void expect_render_outcomes(F&& f) {
  try {
    f();
  } catch (const usersync::Error&) {
    throw;
  } catch (const std::runtime_error&) {
    // a filter refused a value: the documented outcome
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto header = std::make_shared<const Header>(kNames);
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nul = in.find('\0');
  std::string_view text = in.substr(0, nul);
  Record record;
  record.header = header;
  record.values = kValues;
  if (nul != std::string_view::npos) record.values.back() = std::string(in.substr(nul + 1));
  record.lines.assign(kNames.size(), 2);
  record.columns.assign(kNames.size(), 1);
  record.line = 2;
  record.file = "fuzz.csv";
  FieldLookup lookup = [&](std::string_view name) { return record.get(name); };
  fuzz::expect_only_usersync_errors([&] {
    auto plain = size % 2 ? Template::Plain::constant : Template::Plain::field;
    Template t = Template::parse(text, SourceLocation{"fuzz.toml", 3, 12, ""}, plain);
    expect_render_outcomes([&] { (void)t.render(lookup); });
    expect_render_outcomes([&] { (void)t.render_value(record); });
  });
  return 0;
}
