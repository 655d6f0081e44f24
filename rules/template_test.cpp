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
std::string parse_error(const std::string& text, Template::Plain plain = Template::Plain::field) {
  try {
    Template::parse(text, {"cfg.toml", 7, 10, ""}, plain);
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
  CHECK(parse_error("{{ }}") ==
        "cfg.toml:7:11: in template \"{{ }}\": empty expression '{{ }}'; expected a field name");
  CHECK(parse_error("{{ a | lower(1) }}") ==
        "cfg.toml:7:18: in template \"{{ a | lower(1) }}\": filter 'lower' takes 0 argument(s), got 1");
  CHECK(parse_error("{{ frob(a) }}") ==
        "cfg.toml:7:18: in template \"{{ frob(a) }}\": unknown function 'frob'; expected a field name or coalesce(a, "
        "b, …)");
}

TEST_CASE("every malformed template is an error at its column") {
  // An unclosed "{{" followed by another expression is not one expression with "{{" in a field name.
  CHECK(parse_error("{{ first_name {{ last_name }}") ==
        "cfg.toml:7:11: in template \"{{ first_name {{ last_name }}\": '{{' without a closing '}}'");
  CHECK(parse_error("{{ a }} {{ b") == "cfg.toml:7:19: in template \"{{ a }} {{ b\": '{{' without a closing '}}'");
  // A "}}" that closes nothing: a lost "{{" is not a field named "first_name }}".
  CHECK(parse_error("first_name }}") == "cfg.toml:7:22: in template \"first_name }}\": '}}' without an opening '{{'");
  CHECK(parse_error("{{ a }} b }}") == "cfg.toml:7:21: in template \"{{ a }} b }}\": '}}' without an opening '{{'");
  CHECK(parse_error("Contractor }}", Template::Plain::constant) ==
        "cfg.toml:7:22: in template \"Contractor }}\": '}}' without an opening '{{'");
  CHECK(parse_error("{{ a } }}") ==
        "cfg.toml:7:16: in template \"{{ a } }}\": unexpected text in template expression; expected '|' or '}}'");
  CHECK(parse_error("{{   }}x") ==
        "cfg.toml:7:11: in template \"{{   }}x\": empty expression '{{ }}'; expected a field name");
  CHECK(parse_error("{{ a | }}") == "cfg.toml:7:18: in template \"{{ a | }}\": expected a filter name");
  CHECK(parse_error("{{ a | before }}") ==
        "cfg.toml:7:18: in template \"{{ a | before }}\": filter 'before' takes 1 argument(s), got 0");
  CHECK(parse_error("{{ a | before(@) }}") ==
        "cfg.toml:7:25: in template \"{{ a | before(@) }}\": expected a quoted string or a number as filter argument");
  CHECK(parse_error("{{ a | before('@' }}") == "cfg.toml:7:29: in template \"{{ a | before('@' }}\": expected ')'");
  CHECK(parse_error("{{ a | before('@) }}") ==
        "cfg.toml:7:25: in template \"{{ a | before('@) }}\": unterminated string argument");
  CHECK(parse_error("{{ a | lower upper }}") ==
        "cfg.toml:7:24: in template \"{{ a | lower upper }}\": unexpected text in template expression; expected '|' "
        "or '}}'");
  CHECK(parse_error("{{ coalesce(a, ) }}") ==
        "cfg.toml:7:26: in template \"{{ coalesce(a, ) }}\": expected a field name");
  CHECK(parse_error("  ") == "cfg.toml:7:10: empty mapping; expected a source field name or a template");
}

TEST_CASE("single braces are text, and a template entry without {{ is fixed text") {
  CHECK(render("{{ a }}}", {{"a", "x"}}) == "x}");
  CHECK(render("{ {{ a }} }", {{"a", "x"}}) == "{ x }");
  auto fixed = Template::parse("External contractor", {}, Template::Plain::constant);
  CHECK(fixed.fields().empty());
  CHECK(fixed.render([](std::string_view) { return nullptr; }) == "External contractor");
}
