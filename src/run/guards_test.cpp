#include "run/guards.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
Plan plan_with(int deactivations, int deletions) {
  Plan p;
  for (int i = 0; i < deactivations; ++i)
    p.changes.push_back({ChangeKind::user_deactivate, "u" + std::to_string(i), "", "", {}, {}, {}, {}});
  for (int i = 0; i < deletions; ++i)
    p.changes.push_back({ChangeKind::user_delete, "d" + std::to_string(i), "", "", {}, {}, {}, {}});
  p.changes.push_back({ChangeKind::user_update, "x", "", "email", {}, "y", {}, {}});
  return p;
}
std::optional<std::string> refused(const Plan& plan, std::int64_t users, bool allow = false) {
  return refusal(deprovision_guards(plan, users, Guards{}, allow));
}
SourceConfig source() {
  SourceConfig s;
  s.spec.name = "hr";
  s.path_as_written = "hr.csv";
  return s;
}
}  // namespace

TEST_CASE("the deprovisioning guard counts deactivations and deletions against count and share") {
  // Defaults: 500 users, or 20% of a directory of at least 100.
  CHECK_FALSE(refused(plan_with(300, 200), 100000));
  CHECK(refused(plan_with(300, 201), 100000) ==
        "the plan would deactivate or delete 501 users, more than the guard allows (500); review the reports and run "
        "again with --allow-mass-changes");
  CHECK_FALSE(refused(plan_with(20, 0), 100));
  CHECK(refused(plan_with(21, 0), 100) ==
        "the plan would deactivate or delete 21 of 100 users, more than 20% of the directory; review the reports and "
        "run again with --allow-mass-changes");
  CHECK_FALSE(refused(plan_with(50, 0), 99));  // below min_directory_for_share
}

TEST_CASE("guard figures say what was measured against what is allowed, refused or overridden") {
  auto figures = deprovision_guards(plan_with(21, 0), 100, Guards{}, false);
  REQUIRE(figures.size() == 2);
  CHECK(figures[0].guard == "max_deprovision");
  CHECK(figures[0].measured == 21);
  CHECK(figures[0].allowed == 500);
  CHECK_FALSE(figures[0].exceeded);
  CHECK(figures[1].guard == "max_deprovision_share");
  CHECK(figures[1].measured == Approx(0.21));
  CHECK(figures[1].allowed == Approx(0.2));
  CHECK(figures[1].exceeded);
  CHECK(figures[1].detail == "21 of 100 users");
  auto overridden = deprovision_guards(plan_with(21, 0), 100, Guards{}, true);
  CHECK(overridden[1].exceeded);
  CHECK(overridden[1].overridden);
  CHECK_FALSE(refusal(overridden));
  CHECK(deprovision_guards(plan_with(50, 0), 99, Guards{}, false)[1].detail ==
        "50 of 99 users; not applied below 100 users");
}

TEST_CASE("an empty or shrunken source is refused unless mass changes are allowed") {
  Guards g;  // a source may lose at most half its records
  CHECK(refusal(source_guards(source(), 0, std::nullopt, g, false)) ==
        "source 'hr' (hr.csv) has no records; refusing to plan from an empty source. If that is right, run again "
        "with --allow-mass-changes");
  CHECK_FALSE(refusal(source_guards(source(), 0, std::nullopt, g, true)));
  CHECK_FALSE(refusal(source_guards(source(), 50, 100, g, false)));
  auto shrunk = source_guards(source(), 3, 7, g, false);
  REQUIRE(shrunk.size() == 2);
  CHECK(shrunk[1].guard == "max_source_shrink");
  CHECK(shrunk[1].measured == Approx(0.5714));
  CHECK(shrunk[1].detail == "7 -> 3 records");
  CHECK(refusal(shrunk) ==
        "source 'hr' (hr.csv) shrank from 7 to 3 records (57% fewer; the guard allows 50%); refusing to plan. If "
        "that is right, run again with --allow-mass-changes");
  CHECK(source_guards(source(), 120, 100, g, false)[1].measured == 0);  // growth is no loss
}
