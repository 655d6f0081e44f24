#include "run/run.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "store/database.h"
#include "store/history_store.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
const char* kConfig = R"(database = "state.db"
[directory]
match_on = ["external_id"]
[[source]]
name = "hr"
path = "hr.csv"
[source.mapping]
external_id = "id"
username = "login"
display_name = "{{ name }}"
last_login = "{{ seen | date('%Y-%m-%d') }}"
)";

struct Org {
  test::TempDir dir;
  Config cfg;
  RunOptions options;
  explicit Org(const std::string& hr) {
    dir.write("usersync.toml", kConfig);
    dir.write("hr.csv", hr);
    cfg = load_config(dir.path("usersync.toml"));
    options.database = cfg.database;
    options.now = *Timestamp::parse("2026-11-22T09:00:00Z");
    options.report_dir = dir.path("reports");
  }
  std::vector<RunInfo> history() {
    Database db(cfg.database);
    return HistoryStore(db).list(10);
  }
};
}  // namespace

TEST_CASE("a clean sync is ok and applied") {
  Org org("id,login,name,seen\n1,ann,Ann,2026-01-02\n2,bob,Bob,\n");
  auto out = run_plan(org.cfg, org.options, "sync");
  CHECK(out.code == ExitCode::ok);
  CHECK(out.status == "applied");
  REQUIRE(out.summary);
  CHECK(out.summary->actions.at("create") == 2);
  CHECK(out.held_back.empty());
  CHECK(std::filesystem::exists(org.dir.path("reports/summary.json")));
}

TEST_CASE("a second sync with nothing to do stores counts, not a line per user") {
  Org org("id,login,name,seen\n1,ann,Ann,2026-01-02\n2,bob,Bob,\n3,cid,Cid,\n");
  REQUIRE(run_plan(org.cfg, org.options, "sync").code == ExitCode::ok);
  org.options.now = *Timestamp::parse("2026-11-22T10:00:00Z");
  auto out = run_plan(org.cfg, org.options, "sync");
  REQUIRE(out.code == ExitCode::ok);
  CHECK(out.status == "no_changes");
  CHECK(out.summary->actions.at("unchanged") == 3);
  auto runs = org.history();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].routine == 3);
  CHECK(runs[1].routine == 0);  // the first sync created everyone: every line kept
  Database db(org.cfg.database);
  HistoryStore history(db);
  CHECK(history.results(runs[0].id).empty());
  CHECK(history.results(runs[1].id).size() == 3);
  // The run's own users.jsonl still lists every user.
  std::ifstream users(org.dir.path("reports/users.jsonl"));
  std::string line;
  int n = 0;
  while (std::getline(users, line)) ++n;
  CHECK(n == 3);
}

TEST_CASE("per-user errors hold those users back: partial, with located examples, --strict refuses everything") {
  Org org("id,login,name,seen\n1,ann,Ann,2026-01-02\n2,bob,Bob,yesterday\n");
  SECTION("partial") {
    auto out = run_plan(org.cfg, org.options, "sync");
    CHECK(out.code == ExitCode::partial);
    CHECK(out.status == "partial");
    REQUIRE(out.held_back.size() == 1);
    CHECK(out.held_back[0].kind == "user_errors");
    CHECK(out.held_back[0].message == "1 user was held back by errors and left as they are");
    REQUIRE(out.held_back[0].examples.size() == 1);
    CHECK(out.held_back[0].examples[0].rfind("hr.csv:3 (record 2): bob: last_login: ", 0) == 0);
    CHECK(out.summary->actions.at("create") == 1);
    CHECK(org.history().at(0).status == "partial");
  }
  SECTION("strict") {
    org.options.strict = true;
    auto out = run_plan(org.cfg, org.options, "sync");
    CHECK(out.code == ExitCode::bad_input);
    CHECK(out.status == "failed");
    CHECK(out.message == "--strict: 1 user has errors, so the whole run is refused and nothing was changed");
    auto runs = org.history();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == "failed");
    Database db(org.cfg.database);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM directory_users").getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM imports").getInt() == 0);
  }
}

TEST_CASE("bad input fails the run, changes nothing and leaves a failed record") {
  Org org("id,login,name,seen\n1,ann,Ann\n");
  auto out = run_plan(org.cfg, org.options, "plan");
  CHECK(out.code == ExitCode::bad_input);
  CHECK(out.status == "failed");
  CHECK(out.message.find("ragged row") != std::string::npos);
  auto runs = org.history();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "failed");
  CHECK(runs[0].summary.find("ragged row") != std::string::npos);
  Database db(org.cfg.database);
  CHECK(db.sql().execAndGet("SELECT count(*) FROM imports").getInt() == 0);
  CHECK(db.sql().execAndGet("SELECT count(*) FROM plans").getInt() == 0);
}

TEST_CASE("a shrunken source is refused and recorded with what was read") {
  Org org("id,login,name,seen\n1,a,A,\n2,b,B,\n3,c,C,\n4,d,D,\n");
  REQUIRE(run_plan(org.cfg, org.options, "sync").code == ExitCode::ok);
  org.dir.write("hr.csv", "id,login,name,seen\n1,a,A,\n");
  auto out = run_plan(org.cfg, org.options, "sync");
  CHECK(out.code == ExitCode::refused);
  CHECK(out.status == "refused");
  REQUIRE(out.summary);
  CHECK(out.summary->sources.at(0).records == 1);
  CHECK(out.summary->directory_users == 4);
  REQUIRE(out.reports);
  CHECK(std::filesystem::exists(out.reports->summary));
  auto runs = org.history();
  CHECK(runs.at(0).status == "refused");
  Database db(org.cfg.database);
  CHECK(db.sql().execAndGet("SELECT count(*) FROM imports").getInt() == 1);
}

TEST_CASE("validate rolls everything back and reports what a run would do") {
  Org org("id,login,name,seen\n1,ann,Ann,2026-01-02\n2,bob,Bob,never\n");
  REQUIRE(run_plan(org.cfg, org.options, "sync").code == ExitCode::partial);
  org.dir.write("hr.csv", "id,login,name,seen\n1,ann,Ann B,2026-01-02\n2,bob,Bob,never\n3,cy,Cy,\n");
  auto out = run_validate(org.cfg, org.options);
  CHECK(out.code == ExitCode::partial);
  REQUIRE(out.summary);
  CHECK(out.summary->directory_users == 1);
  CHECK(out.summary->changes.at("user_create") == 1);
  CHECK(out.summary->changes.at("user_update") == 1);
  Database db(org.cfg.database);
  CHECK(db.sql().execAndGet("SELECT count(*) FROM imports").getInt() == 1);
  CHECK(db.sql().execAndGet("SELECT count(*) FROM runs").getInt() == 1);
}
