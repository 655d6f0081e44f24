#include "rules/template.h"

#include <catch2/catch.hpp>
#include <map>

using namespace usersync;

namespace {
std::string render(const std::string& text, const std::map<std::string, std::string>& fields) {
  auto t = Template::parse(text, {"cfg.toml", 7, 10, ""});
  return t.render([&](std::string_view name) -> const std::string* {
    auto it = fields.find(std::string(name));
    return it == fields.end() ? nullptr : &it->second;
  });
}
std::string parse_error(const std::string& text) {
  try {
    Template::parse(text, {"cfg.toml", 7, 10, ""});
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a plain string names one field") {
  auto t = Template::parse("login", {});
  CHECK(t.fields() == std::vector<std::string>{"login"});
  CHECK(render("login", {{"login", "jdoe"}}) == "jdoe");
}

TEST_CASE("templates join literals, fields and filters") {
  std::map<std::string, std::string> f{{"first_name", "Anna"}, {"last_name", "Smith"}, {"Given Name", "Zoë"}};
  CHECK(render("{{ first_name }} {{ last_name }}", f) == "Anna Smith");
  CHECK(render("{{first_name|lower}}.{{ last_name | upper }}", f) == "anna.SMITH");
  CHECK(render("{{ Given Name }}", f) == "Zoë");
  CHECK(render("x{{ missing }}y", f) == "xy");
}

TEST_CASE("coalesce takes the first non-empty field") {
  CHECK(render("{{ coalesce(nick, first_name) }}", {{"nick", " "}, {"first_name", "Anna"}}) == "Anna");
  CHECK(render("{{ coalesce(nick, first_name) }}", {{"nick", "Annie"}, {"first_name", "Anna"}}) == "Annie");
  CHECK(Template::parse("{{ coalesce(a, b) }} {{ a }}", {}).fields() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("template errors point into the config string") {
  CHECK(parse_error("{{ first_name | lowr }}") ==
        "cfg.toml:7:27: in template \"{{ first_name | lowr }}\": unknown filter 'lowr'; did you mean 'lower'?");
  CHECK(parse_error("{{ first_name ") == "cfg.toml:7:11: in template \"{{ first_name \": '{{' without a closing '}}'");
  CHECK(parse_error("{{ }}") == "cfg.toml:7:14: in template \"{{ }}\": expected a field name");
  CHECK(parse_error("{{ a | lower(1) }}") ==
        "cfg.toml:7:18: in template \"{{ a | lower(1) }}\": filter 'lower' takes 0 argument(s), got 1");
  CHECK(parse_error("{{ frob(a) }}") ==
        "cfg.toml:7:18: in template \"{{ frob(a) }}\": unknown function 'frob'; expected a field name or coalesce(a, "
        "b, …)");
}
