#include "model/timestamp.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("Timestamp parses the ISO 8601 forms exports use") {
  CHECK(Timestamp::parse("1970-01-01")->seconds == 0);
  CHECK(Timestamp::parse("2026-11-22T09:00:00Z")->iso() == "2026-11-22T09:00:00Z");
  CHECK(Timestamp::parse("2026-11-22T09:00")->iso() == "2026-11-22T09:00:00Z");
  CHECK(Timestamp::parse("2026-11-22 09:00:00")->iso() == "2026-11-22T09:00:00Z");
  CHECK(Timestamp::parse("2026-11-22T11:00:00+02:00")->iso() == "2026-11-22T09:00:00Z");
  CHECK(Timestamp::parse("2026-11-22T09:00:00.123Z")->iso() == "2026-11-22T09:00:00Z");
  CHECK(Timestamp::parse("2024-02-29")->iso() == "2024-02-29T00:00:00Z");
}

TEST_CASE("Timestamp rejects what is not a date") {
  for (auto bad : {"", "2026-13-01", "2026-02-30", "22/11/2026", "2026-11-22T25:00", "2026-11-22Tfoo", "2026-11-22X"})
    CHECK_FALSE(Timestamp::parse(bad).has_value());
}

TEST_CASE("days_since counts whole days") {
  auto a = *Timestamp::parse("2026-11-01T12:00:00Z");
  CHECK(Timestamp::parse("2026-11-04T11:59:59Z")->days_since(a) == 2);
  CHECK(Timestamp::parse("2026-11-04T12:00:00Z")->days_since(a) == 3);
}
