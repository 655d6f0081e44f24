#include "run/pipeline.h"

#include <catch2/catch.hpp>

#include "store/conflict_store.h"

using namespace usersync;

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
