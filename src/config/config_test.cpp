#include "config/config.h"

#include <catch2/catch.hpp>
#include <map>

#include "rules/presets.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
/// Loads `toml` as c.toml beside `files` (name, content) and returns the error from "c.toml" on.
std::string error_of(const std::string& toml, const std::map<std::string, std::string>& files = {}) {
  test::TempDir dir;
  for (const auto& [name, content] : files) dir.write(name, content);
  auto path = dir.write("c.toml", toml);
  try {
    load_config(path);
  } catch (const ConfigError& e) {
    std::string m = e.what();
    return m.substr(m.find("c.toml"));
  }
  return "no error";
}
const std::string kSource =
    "[[source]]\nname = \"hr\"\npath = \"hr.csv\"\n[source.mapping]\nusername = \"login\"\nemail = \"mail\"\n";
}  // namespace

TEST_CASE("a minimal config loads with defaults and resolved paths") {
  test::TempDir dir;
  auto path = dir.write("c.toml", "database = \"s.db\"\n" + kSource);
  auto cfg = load_config(path);
  CHECK(cfg.database == dir.path("s.db"));
  REQUIRE(cfg.sources.size() == 1);
  const auto& s = cfg.sources[0];
  CHECK(s.spec.path == dir.path("hr.csv"));
  CHECK(s.path_as_written == "hr.csv");
  CHECK(s.spec.format == "csv");
  CHECK(s.priority == 1);
  CHECK(s.key == "email");  // the first match_on key the mapping provides
  CHECK(cfg.directory.match_on == std::vector<std::string>{"external_id", "email", "username"});
  REQUIRE(s.mapping.size() == 2);
  CHECK(s.mapping[0].target == "username");  // in file order
  CHECK(s.mapping[0].where.line == 6);
}

TEST_CASE("the starter config loads") {
  test::TempDir dir;
  auto cfg = load_config(dir.write("c.toml", starter_config()));
  CHECK(cfg.sources.at(0).mapping.size() == 7);
  CHECK(cfg.directory.path == dir.path("directory.csv"));
}

TEST_CASE("config errors name file, line and column") {
  CHECK(error_of("databse = \"x\"\n" + kSource) ==
        "c.toml:1:1: unknown key 'databse' in the top level; did you mean 'database'?");
  CHECK(error_of("database = 3\n" + kSource) == "c.toml:1:12: 'database' in the top level must be a string");
  CHECK(error_of("database = \"x\"\n") == "c.toml: the config needs at least one [[source]] table");
  CHECK(error_of("[[source]]\nname = \"hr\"\npath = \"hr.csv\"\n") ==
        "c.toml:1:1: source 'hr' needs a [source.mapping] table or a preset");
  CHECK(error_of("[[source]]\nname = \"hr\"\npath = \"h\"\n[source.mapping]\nemail = \"m\"\n") ==
        "c.toml:4:1: source 'hr' must map 'username'");
  CHECK(error_of("[directory]\nmatch_on = [\"external_id\"]\n" + kSource) ==
        "c.toml:3:1: source 'hr' maps none of the match_on keys (external_id); map one of them or set 'key'");
  CHECK(error_of(kSource + kSource) == "c.toml:7:1: duplicate source name 'hr'; every source needs its own name");
  CHECK(error_of("[directory]\ndelimiter = \"x\"\n" + kSource) ==
        "c.toml:2:13: 'delimiter' must be one of \",\", \";\", \"tab\" or \"|\"");
  CHECK(error_of("x = [\n").rfind("c.toml:", 0) == 0);
  CHECK(error_of("report_formats = [\"json\", \"pdf\"]\n" + kSource) ==
        "c.toml:1:18: unknown report format 'pdf'; known formats: json, xlsx, html");
  CHECK(error_of("report_formats = [\"html\"]\n" + kSource).rfind("c.toml:1:18: report formats must include \"json\"", 0) == 0);
}

namespace {
const std::string kDirectory = "[directory]\npath = \"dir.csv\"\n";  // lines 1-2, so kSource starts at line 3
const std::map<std::string, std::string> kExport{{"dir.csv", "username;EMAIL;Department\njdoe;j@x;it\n"}};
const std::string kKnown =
    "Known attributes: username, email, external_id, first_name, last_name, display_name, active, groups, "
    "last_login, created, department; declare extra attributes in [directory] attributes";
const std::string kBuiltin =
    "Known attributes: username, email, external_id, first_name, last_name, display_name, active, groups, "
    "last_login, created; declare extra attributes in [directory] attributes";
}  // namespace

TEST_CASE("a mapping may write only attributes the directory has") {
  // A misspelt target is not a new attribute on every user.
  CHECK(error_of(kDirectory + kSource + "dispaly_name = \"{{ first }}\"\n", kExport) ==
        "c.toml:9:1: mapping target 'dispaly_name' is not an attribute of the directory; did you mean "
        "'display_name'? " +
            kKnown);
  // The export's columns count, lower-cased as the export reader reads them; targets are exact.
  CHECK(error_of(kDirectory + kSource + "department = \"dept\"\n", kExport) == "no error");
  CHECK(error_of(kDirectory + kSource + "Department = \"dept\"\n", kExport) ==
        "c.toml:9:1: mapping target 'Department' is not an attribute of the directory; did you mean 'department'? " +
            kKnown);
  CHECK(error_of(kDirectory + kSource + "shoe_size = \"shoe\"\n", kExport) ==
        "c.toml:9:1: mapping target 'shoe_size' is not an attribute of the directory. " + kKnown);
  // Declared extra attributes, for an export that lacks them or no export at all.
  CHECK(error_of("[directory]\nattributes = [\"cost_center\"]\n" + kSource + "cost_center = \"cc\"\n") == "no error");
  CHECK(error_of(kSource + "department = \"dept\"\n") ==
        "c.toml:7:1: mapping target 'department' is not an attribute of the directory. " + kBuiltin);
  CHECK(error_of(kSource + "title = [ { template = \"Contractor\", when = { field = \"t\", equals = \"x\" } } ]\n") ==
        "c.toml:7:1: mapping target 'title' is not an attribute of the directory. " + kBuiltin);
  CHECK(error_of("[directory]\nattributes = [\"cost_center\", \" title\"]\n" + kSource) ==
        "c.toml:2:30: ' title' in [directory] attributes is not an attribute name; expected a name without "
        "surrounding spaces");
  // An export that cannot be read is reported by the run, not here: nothing is checked then.
  CHECK(error_of(kDirectory + kSource + "shoe_size = \"shoe\"\n") == "no error");
  CHECK(error_of(kDirectory + kSource + "shoe_size = \"shoe\"\n", {{"dir.csv", ""}}) == "no error");
}

TEST_CASE("every preset maps only attributes the directory has, and configs may use them") {
  for (const auto& p : preset_table()) {
    INFO(p.name);
    CHECK(error_of("[[source]]\nname = \"s\"\npath = \"s.csv\"\npreset = \"" + std::string(p.name) + "\"\n") ==
          "no error");
  }
  const std::string hr = "[[source]]\nname = \"hr\"\npath = \"hr.csv\"\npreset = \"hr-csv\"\n";
  CHECK(error_of(hr + "[source.mapping]\ntitle = \"job\"\n[[rule]]\nattribute = \"department\"\nmatch = \"x\"\n") ==
        "no error");
  CHECK(error_of(hr + "[source.mapping]\ntitel = \"job\"\n") ==
        "c.toml:6:1: mapping target 'titel' is not an attribute of the directory; did you mean 'title'? Known "
        "attributes: username, email, external_id, first_name, last_name, display_name, active, groups, last_login, "
        "created, department, title; declare extra attributes in [directory] attributes");
  // A misspelt preset is reported as such, not as the attributes it would have mapped.
  CHECK(error_of("[[source]]\nname = \"hr\"\npath = \"h\"\npreset = \"hr-cvs\"\n[source.mapping]\ntitle = \"x\"\n") ==
        "c.toml:4:10: unknown preset 'hr-cvs'; known presets: hr-csv, atlassian-cloud, atlassian-site, atlassian-dc, okta, graph, google, keycloak, "
        "keycloak-export, onelogin, scim, ad, openldap, ldif");
}

TEST_CASE("match_on, keys, rules, no_match and conditions name attributes the directory has") {
  CHECK(error_of("[directory]\nmatch_on = [\"shoe_size\", \"email\"]\n" + kSource) ==
        "c.toml:2:13: match_on attribute 'shoe_size' is not an attribute of the directory. " + kBuiltin);
  CHECK(error_of("[directory]\nmatch_on = [\"email\", \"usrename\"]\n" + kSource) ==
        "c.toml:2:22: match_on attribute 'usrename' is not an attribute of the directory; did you mean 'username'? " +
            kBuiltin);
  CHECK(error_of(kSource + "[source]\n") != "no error");  // not a list of tables: reported as before
  CHECK(error_of("[[source]]\nname = \"hr\"\npath = \"h\"\nkey = \"emial\"\n[source.mapping]\nusername = \"l\"\n") ==
        "c.toml:4:7: key 'emial' is not an attribute of the directory; did you mean 'email'? " + kBuiltin);
  CHECK(error_of("[[source]]\nname = \"hr\"\npath = \"h\"\nkey = \"email\"\n[source.mapping]\nusername = \"l\"\n") ==
        "c.toml:4:7: source 'hr' has key 'email', which its mapping does not map");
  CHECK(error_of(kSource + "[[rule]]\nattribute = \"emial\"\nmatch = \"x\"\n") ==
        "c.toml:8:13: [[rule]] attribute 'emial' is not an attribute of the directory; did you mean 'email'? " +
            kBuiltin);
  CHECK(error_of(kSource + "[no_match]\nemail = \"keep\"\nmail = \"clear\"\n") ==
        "c.toml:9:1: [no_match] attribute 'mail' is not an attribute of the directory; did you mean 'email'? " +
            kBuiltin);
  CHECK(error_of(kSource + "[[rule]]\nattribute = \"email\"\nmatch = \"x\"\nwhen = { attribute = \"usernme\", "
                           "equals = \"x\" }\n") ==
        "c.toml:10:22: condition attribute 'usernme' is not an attribute of the directory; did you mean 'username'? " +
            kBuiltin);
  CHECK(
      error_of(kSource + "display_name = [ { field = \"n\", when = { attribute = \"emial\", equals = \"x\" } } ]\n") ==
      "c.toml:7:54: condition attribute 'emial' is not an attribute of the directory; did you mean 'email'? " +
          kBuiltin);
  // Each of them may name an export column or a declared attribute.
  CHECK(error_of(kDirectory + "match_on = [\"department\"]\nattributes = [\"office\"]\n" + kSource +
                     "department = \"dept\"\n[[rule]]\nattribute = \"office\"\nmatch = \"x\"\n[no_match]\noffice = "
                     "\"clear\"\n",
                 kExport) == "no error");
}

TEST_CASE("template syntax errors are config errors at their column") {
  CHECK(error_of(kSource + "display_name = \"{{ first_name \"\n") ==
        "c.toml:7:17: in template \"{{ first_name \": '{{' without a closing '}}'");
  CHECK(error_of(kSource + "display_name = \"{{ first {{ last }}\"\n") ==
        "c.toml:7:17: in template \"{{ first {{ last }}\": '{{' without a closing '}}'");
  CHECK(error_of(kSource + "display_name = \"first_name }}\"\n") ==
        "c.toml:7:28: in template \"first_name }}\": '}}' without an opening '{{'");
  CHECK(error_of(kSource + "display_name = \"{{ }}\"\n") ==
        "c.toml:7:17: in template \"{{ }}\": empty expression '{{ }}'; expected a field name");
  CHECK(error_of(kSource + "display_name = { template = \"{{ n | before('@) }}\" }\n") ==
        "c.toml:7:44: in template \"{{ n | before('@) }}\": unterminated string argument");
  CHECK(error_of(kSource + "display_name = { template = \"Contractor }}\" }\n") ==
        "c.toml:7:41: in template \"Contractor }}\": '}}' without an opening '{{'");
}

// Found while fuzzing the config layer: every comparison with NaN is false, so `nan` passed the
// range check and `max_source_shrink = nan` switched the shrink guard off.
TEST_CASE("a guard share of nan is refused") {
  CHECK(error_of(kSource + "[guards]\nmax_source_shrink = nan\n") ==
        "c.toml:8:21: 'max_source_shrink' in [guards] must be a number from 0.0 to 1.0");
  CHECK(error_of(kSource + "[guards]\nmax_deprovision_share = -nan\n") ==
        "c.toml:8:25: 'max_deprovision_share' in [guards] must be a number from 0.0 to 1.0");
}

TEST_CASE("a whole number too large for the setting is refused, not wrapped") {
  CHECK(error_of(kSource + "[policies.missing]\ndelete_after_days = 4294967296\n") ==
        "c.toml:8:21: 'delete_after_days' in [policies.missing] must be a whole number from 0 to 2147483647");
  CHECK(error_of(kSource + "[policies.missing]\ndelete_after_days = 2147483647\n") == "no error");
}

TEST_CASE("identity keys of a source: role, attribute_priority, crosswalk") {
  const std::string head = "[[source]]\nname = \"hr\"\npath = \"hr.csv\"\n";
  const std::string mapping = "[source.mapping]\nusername = \"login\"\nemail = \"mail\"\n";
  CHECK(error_of(head + "role = \"retired\"\n" + mapping) ==
        "c.toml:4:8: 'role' must be one of: active, retiring");
  CHECK(error_of(head + "attribute_priority = { emial = 0 }\n" + mapping).find(
            "attribute_priority attribute 'emial' is not an attribute of the directory; did you mean 'email'?") !=
        std::string::npos);
  CHECK(error_of(head + "role = \"retiring\"\nattribute_priority = { email = 0 }\ncrosswalk = \"x.csv\"\n" + mapping) ==
        "no error");
  test::TempDir dir;
  auto path = dir.write("c.toml", head + "role = \"retiring\"\nattribute_priority = { email = 0 }\ncrosswalk = \"x.csv\"\n" + mapping);
  auto cfg = load_config(path);
  REQUIRE(cfg.sources.size() == 1);
  CHECK(cfg.sources[0].retiring);
  CHECK(cfg.sources[0].attribute_priority->at("email") == 0);
  CHECK(cfg.sources[0].crosswalk == dir.path("x.csv"));
}
