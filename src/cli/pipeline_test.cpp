#include "cli/pipeline.h"

#include <catch2/catch.hpp>

#include "store/conflict_store.h"

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
}  // namespace

TEST_CASE("the deprovisioning guard counts deactivations and deletions against count and share") {
  Guards g;  // 500 users, or 20% of a directory of at least 100
  CHECK_FALSE(deprovision_refusal(plan_with(300, 200), 100000, g));
  CHECK(deprovision_refusal(plan_with(300, 201), 100000, g) ==
        "the plan would deactivate or delete 501 users, more than the guard allows (500); review the reports and run "
        "again with --allow-mass-changes");
  CHECK_FALSE(deprovision_refusal(plan_with(20, 0), 100, g));
  CHECK(deprovision_refusal(plan_with(21, 0), 100, g) ==
        "the plan would deactivate or delete 21 of 100 users, more than 20% of the directory; review the reports and "
        "run again with --allow-mass-changes");
  CHECK_FALSE(deprovision_refusal(plan_with(50, 0), 99, g));  // below min_directory_for_share
}

TEST_CASE("conflict decisions persist and only pending ones are decided by --all") {
  Database db(":memory:");
  ConflictStore store(db);
  store.record({{"staff", {"ann"}, {}}, {"Sales", {}, {"bob"}}}, Timestamp{0});
  CHECK(store.list().size() == 2);
  CHECK(store.decide("SALES", "rejected", Timestamp{60}) == 1);
  store.record({{"staff", {"ann", "cat"}, {}}}, Timestamp{120});
  auto list = store.list();
  CHECK(list[0].name == "Sales");
  CHECK(list[0].status == "rejected");
  CHECK(list[1].would_add == std::vector<std::string>{"ann", "cat"});
  CHECK(list[1].first_seen == "1970-01-01T00:00:00Z");
  CHECK(store.decide("", "accepted", Timestamp{180}) == 1);
  CHECK(store.folded_names("accepted") == std::set<std::string>{"staff"});
  CHECK(store.folded_names("rejected") == std::set<std::string>{"sales"});
  CHECK(store.decide("nope", "accepted", Timestamp{0}) == 0);
}
