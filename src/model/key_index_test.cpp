#include "model/key_index.h"

#include <catch2/catch.hpp>
#include <string>

using namespace usersync;

namespace {
/// `same` for an index over `values`: the entry at p has `key`.
auto has(const std::vector<std::string>& values, std::string_view key) {
  return [&values, key](std::uint32_t p) { return iequals(values[p], key); };
}
}  // namespace

TEST_CASE("KeyIndex finds positions by folded key, in the order they were added") {
  std::vector<std::string> values{"Ann@x", "bob@x", "ANN@X", "carl@x", "Zoë@x", "ZOË@X"};
  KeyIndex ix;
  for (std::uint32_t i = 0; i < values.size(); ++i) ix.add(values[i], i, has(values, values[i]));
  CHECK(ix.find("ann@x", has(values, "ann@x")) == std::vector<std::uint32_t>{0, 2});
  CHECK(ix.find("Bob@X", has(values, "Bob@X")) == std::vector<std::uint32_t>{1});
  CHECK(ix.find("zoë@x", has(values, "zoë@x")) == std::vector<std::uint32_t>{4, 5});
  CHECK(ix.find("dora@x", has(values, "dora@x")).empty());
  CHECK(ix.keys() == 4);
  CHECK(ix.size() == 6);
}

TEST_CASE("KeyIndex keeps every entry and their order across growth") {
  std::vector<std::string> values;
  KeyIndex ix;  // starts empty and grows many times
  for (std::uint32_t i = 0; i < 20000; ++i) {
    values.push_back("user" + std::to_string(i % 5000));
    ix.add(values.back(), i, has(values, values.back()));
  }
  CHECK(ix.find("USER42", has(values, "user42")) == std::vector<std::uint32_t>{42, 5042, 10042, 15042});
  CHECK(ix.keys() == 5000);
}

TEST_CASE("KeyIndex keeps keys that share a hash apart by the caller's comparison") {
  // Keys under one hash, as a collision of different keys would put them, including the hash
  // whose home is the table's last slot, so the probe wraps around, across growth.
  std::vector<std::string> values;
  KeyIndex ix;
  for (std::uint64_t hash : {~0ull, 7ull}) {
    for (std::uint32_t i = 0; i < 40; ++i) {
      auto key = std::to_string(hash) + "-" + std::to_string(i % 10);  // ten keys, four entries each
      values.push_back(key);
      ix.add(hash, static_cast<std::uint32_t>(values.size() - 1), has(values, key));
    }
  }
  CHECK(ix.keys() == 20);
  auto hits = ix.find(~0ull, has(values, std::to_string(~0ull) + "-3"));
  CHECK(hits == std::vector<std::uint32_t>{3, 13, 23, 33});
  CHECK(ix.find(7ull, has(values, "7-9")) == std::vector<std::uint32_t>{49, 59, 69, 79});
  CHECK(ix.find(7ull, has(values, "7-10")).empty());  // a hash hit the comparison refuses
}

TEST_CASE("KeyIndex holds a value thousands of entries share as one key") {
  // A noreply address on every account: one slot and a chain, so adding and finding stay linear
  // (a run of equal hashes would make each add walk all the earlier ones).
  std::vector<std::string> values(200000, "noreply@example.com");
  KeyIndex ix(values.size());
  for (std::uint32_t i = 0; i < values.size(); ++i) ix.add(values[i], i, has(values, values[i]));
  CHECK(ix.keys() == 1);
  auto hits = ix.find("NOREPLY@example.com", has(values, "noreply@example.com"));
  REQUIRE(hits.size() == values.size());
  CHECK(hits.front() == 0);
  CHECK(hits.back() == values.size() - 1);
}
