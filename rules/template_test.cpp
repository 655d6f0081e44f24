#include "rules/template.h"

#include <catch2/catch.hpp>
#include <map>

#include "rules/regex.h"
#include "tests/test_util.h"

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
        "cfg.toml:7:18: in template \"{{ frob(a) }}\": unknown function 'frob'; expected a field name, coalesce(a, "
        "b, …) or fields('regex')");
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

TEST_CASE("list and map literals are filter arguments") {
  std::map<std::string, std::string> f{{"seen", "14 Dec 2023"}, {"ok", "Yes"}};
  CHECK(render("{{ seen | date('%Y-%m-%d', ['%d/%m/%Y', '%d %b %Y',]) }}", f) == "2023-12-14");
  CHECK(render("{{ ok | map({ 'Yes': true, \"No\": false, }) }}", f) == "true");
  CHECK(render("{{ ok | map({'Yes':'ja'}) }}", f) == "ja");
}

TEST_CASE("a quoted argument keeps backslashes that escape nothing, for regexes") {
  std::map<std::string, std::string> f{{"a", "x1"}};
  CHECK(render("{{ a | replace('\\d', '#') }}", f) == "x#");    // template text: replace('\d', '#')
  CHECK(render("{{ a | replace('\\\\d', '#') }}", f) == "x#");  // replace('\\d', '#'), as before
  CHECK(render("{{ a | default('it\\'s') | after('x') }}", f) == "1");
  CHECK(render("{{ b | default('it\\'s \"q\" \\\\') }}", f) == "it's \"q\" \\");
}

TEST_CASE("malformed list and map literals are errors at their column") {
  CHECK(parse_error("{{ a | map({'Yes' 'true'}) }}") ==
        "cfg.toml:7:29: in template \"{{ a | map({'Yes' 'true'}) }}\": expected ':'");
  CHECK(parse_error("{{ a | map({}) }}") ==
        "cfg.toml:7:23: in template \"{{ a | map({}) }}\": expected a quoted string as key in the map");
  CHECK(parse_error("{{ a | map({'a': maybe}) }}") ==
        "cfg.toml:7:28: in template \"{{ a | map({'a': maybe}) }}\": expected a quoted string, true or false as value "
        "in the map");
  CHECK(parse_error("{{ a | map({'a': 'b', 'a': 'c'}) }}") ==
        "cfg.toml:7:33: in template \"{{ a | map({'a': 'b', 'a': 'c'}) }}\": duplicate key 'a' in the map");
  CHECK(parse_error("{{ a | map({'a': 'b') }}") ==
        "cfg.toml:7:31: in template \"{{ a | map({'a': 'b') }}\": expected '}'");
  CHECK(parse_error("{{ a | date('%Y', ['%d' '%m']) }}") ==
        "cfg.toml:7:35: in template \"{{ a | date('%Y', ['%d' '%m']) }}\": expected ']'");
  CHECK(parse_error("{{ a | date('%Y', []) }}") ==
        "cfg.toml:7:30: in template \"{{ a | date('%Y', []) }}\": expected a quoted string in the list");
  CHECK(parse_error("{{ a | date('%Y', ['%d) }}") ==
        "cfg.toml:7:30: in template \"{{ a | date('%Y', ['%d) }}\": unterminated string argument");
}

TEST_CASE("a list or map where a filter takes text is an error at the argument") {
  CHECK(parse_error("{{ a | before(['@']) }}") ==
        "cfg.toml:7:25: in template \"{{ a | before(['@']) }}\": filter 'before': argument 1 must be a quoted string "
        "or a number");
  CHECK(parse_error("{{ a | date(['%Y'], '%d') }}") ==
        "cfg.toml:7:23: in template \"{{ a | date(['%Y'], '%d') }}\": filter 'date': argument 1 must be a quoted "
        "string or a number");
  CHECK(parse_error("{{ a | date('%Y', {'a': 'b'}) }}") ==
        "cfg.toml:7:29: in template \"{{ a | date('%Y', {'a': 'b'}) }}\": filter 'date': argument 2 must be a quoted "
        "string or a list of quoted strings");
  CHECK(parse_error("{{ a | map('Yes') }}") ==
        "cfg.toml:7:22: in template \"{{ a | map('Yes') }}\": filter 'map': argument 1 must be a map such as {'Yes': "
        "'true'}");
  CHECK(parse_error("{{ a | map({'Yes': 'true'}, ['x']) }}") ==
        "cfg.toml:7:39: in template \"{{ a | map({'Yes': 'true'}, ['x']) }}\": filter 'map': argument 2 must be a "
        "quoted string or a number");
  CHECK(parse_error("{{ a | max('x') }}") ==
        "cfg.toml:7:18: in template \"{{ a | max('x') }}\": filter 'max' takes 0 argument(s), got 1");
}

TEST_CASE("fields() lists the values of the fields whose names match, in the header's order") {
  auto r = test::make_record({"login", "Group 2", "Group 1", "Group 10", "Groups", "group 3"},
                             {"jdoe", " eng ", "", "ops", "x", "admins"});
  auto t = Template::parse("{{ fields('^Group \\d+$') }}", {});
  auto v = t.render_value(r);
  CHECK(v.list);
  CHECK(v.items == std::vector<std::string>{"eng", "ops"});  // trimmed, empty skipped, case-sensitive
  CHECK(t.fields().empty());                                 // no field is read by name
  REQUIRE(t.field_patterns().size() == 1);
  CHECK(t.field_patterns()[0]->pattern() == "^Group \\d+$");
  CHECK(Template::parse("{{ fields('(?i)^group') | join('+') }}!", {}).render(r) == "eng+ops+x+admins!");
  CHECK(Template::parse("[{{ fields('^none') }}]", {}).render(r) == "[]");
  CHECK(Template::parse("{{ login }}: {{ fields('^Group \\d$') | upper }}", {}).render(r) == "jdoe: ENG");
}

TEST_CASE("fields() needs a record, a lookup by name cannot list fields") {
  auto t = Template::parse("{{ fields('^Group') }}", {});
  CHECK_THROWS_WITH(t.render([](std::string_view) { return nullptr; }),
                    "fields('^Group') needs the record's field names");
}

TEST_CASE("malformed fields() calls are errors at their column") {
  CHECK(parse_error("{{ fields(Group) }}") ==
        "cfg.toml:7:21: in template \"{{ fields(Group) }}\": fields() takes one quoted regular expression, such as "
        "fields('^Group \\d+$')");
  CHECK(parse_error("{{ fields('(') }}") ==
        "cfg.toml:7:21: in template \"{{ fields('(') }}\": fields(): invalid regular expression at offset 1: missing "
        "closing parenthesis");
  CHECK(parse_error("{{ fields('a', 'b') }}") == "cfg.toml:7:24: in template \"{{ fields('a', 'b') }}\": expected ')'");
  CHECK(parse_error("{{ fields('a') x }}") ==
        "cfg.toml:7:26: in template \"{{ fields('a') x }}\": unexpected text in template expression; expected '|' or "
        "'}}'");
}
