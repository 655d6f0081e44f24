#include "model/key_index.h"

#include <catch2/catch.hpp>
#include <string>

using namespace usersync;

TEST_CASE("KeyIndex finds positions by folded key, in the order they were added") {
  std::vector<std::string> values{"Ann@x", "bob@x", "ANN@X", "carl@x"};
  KeyIndex ix;
  for (std::uint32_t i = 0; i < values.size(); ++i) ix.add(values[i], i);
  auto same = [&](std::string_view key) {
    return [&values, key](std::uint32_t p) { return iequals(values[p], key); };
  };
  CHECK(ix.find("ann@x", same("ann@x")) == std::vector<std::uint32_t>{0, 2});
  CHECK(ix.find("Bob@X", same("Bob@X")) == std::vector<std::uint32_t>{1});
  CHECK(ix.find("dora@x", same("dora@x")).empty());
  CHECK(ix.size() == 4);
}

TEST_CASE("KeyIndex keeps every entry and their order across growth") {
  KeyIndex ix;  // starts empty and grows many times
  constexpr std::uint32_t n = 20000;
  for (std::uint32_t i = 0; i < n; ++i) ix.add("user" + std::to_string(i % 5000), i);
  auto hits = ix.find("USER42", [](std::uint32_t p) { return p % 5000 == 42; });
  CHECK(hits == std::vector<std::uint32_t>{42, 5042, 10042, 15042});
}

TEST_CASE("KeyIndex never takes a match on the hash alone") {
  // Entries under one hash, as a collision of two different keys would put them: only the
  // caller's comparison decides which are the key's.
  KeyIndex ix;
  for (std::uint32_t i = 0; i < 12; ++i) ix.add(std::uint64_t{7}, i);
  ix.add(std::uint64_t{8}, 100);
  std::vector<std::uint32_t> asked;
  auto hits = ix.find(std::uint64_t{7}, [&](std::uint32_t p) {
    asked.push_back(p);
    return p % 4 == 1;
  });
  CHECK(hits == std::vector<std::uint32_t>{1, 5, 9});
  std::sort(asked.begin(), asked.end());
  CHECK(asked == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});  // 100 has another hash
  CHECK(ix.find(std::uint64_t{7}, [](std::uint32_t) { return false; }).empty());
}
