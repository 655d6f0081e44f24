#include "run/run_lock.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "model/errors.h"
#include "tests/test_util.h"

using namespace usersync;

TEST_CASE("a second lock on the same database waits, then fails naming the holder") {
  test::TempDir dir;
  auto db = dir.path("state.db");
  // flock locks belong to open file descriptions, so a second RunLock in this process conflicts
  // with the first exactly as another process would.
  std::optional<RunLock> first(std::in_place, db, "sync", 0.0);
  std::ifstream f(RunLock::path_for(db));
  std::stringstream text;
  text << f.rdbuf();
  CHECK(text.str().find("pid=" + std::to_string(::getpid()) + "\n") == 0);
  CHECK(text.str().find("command=sync\n") != std::string::npos);
  try {
    RunLock second(db, "plan", 0.2);
    FAIL("the second lock was granted");
  } catch (const BusyError& e) {
    std::string m = e.what();
    CHECK(m.rfind("another usersync run (pid " + std::to_string(::getpid()) + " on ", 0) == 0);
    CHECK(m.find(", sync, started ") != std::string::npos);
    CHECK(m.find(") holds state.db; waited 0.2 s (--wait SECONDS to wait longer); nothing was changed") !=
          std::string::npos);
    CHECK(e.code() == ExitCode::busy);
  }
  first.reset();
  RunLock third(db, "plan", 0.0);  // free again
}

TEST_CASE("the lock file is private and an in-memory database needs none") {
  test::TempDir dir;
  auto db = dir.path("state.db");
  { RunLock lock(db, "sync", 0); }
  CHECK((std::filesystem::status(RunLock::path_for(db)).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  RunLock memory(":memory:", "sync", 0);
  RunLock again(":memory:", "sync", 0);
}
