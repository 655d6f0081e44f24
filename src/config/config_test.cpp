#include "config/config.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace usersync;

namespace {
std::string error_of(const std::string& toml) {
  test::TempDir dir;
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
  CHECK(error_of("[directory]\nmatch_on = [\"phone\"]\n" + kSource) ==
        "c.toml:3:1: source 'hr' maps none of the match_on keys (phone); map one of them or set 'key'");
  CHECK(error_of(kSource + kSource) == "c.toml:7:1: duplicate source name 'hr'; every source needs its own name");
  CHECK(error_of("[directory]\ndelimiter = \"x\"\n" + kSource) ==
        "c.toml:2:13: 'delimiter' must be one of \",\", \";\", \"tab\" or \"|\"");
  CHECK(error_of("x = [\n").rfind("c.toml:", 0) == 0);
}
