#pragma once
// Positions by case-folded key, held as 64-bit hashes in one flat array: 16 bytes a key instead of
// a folded string and a hash-table node. At a million people and three correlation keys the
// string maps were hundreds of megabytes and a large share of the plan's time.
//
// Two different keys can share a hash. The index does not keep the keys, so every lookup hands
// back each position stored under the hash and the caller compares the real values (iequals):
// that comparison is the collision check, and no match is ever taken on the hash alone.
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/text.h"

namespace usersync {

class KeyIndex {
 public:
  explicit KeyIndex(std::size_t expected = 0);

  void add(std::string_view key, std::uint32_t position) { add(folded_hash(key), position); }
  void add(std::uint64_t hash, std::uint32_t position);

  /// Every position added under `key`'s hash, in the order added, whose value `same(position)`
  /// confirms equals the key. `same` is asked once per candidate, in slot order.
  template <class Same>
  std::vector<std::uint32_t> find(std::string_view key, Same&& same) const {
    return find(folded_hash(key), std::forward<Same>(same));
  }
  template <class Same>
  std::vector<std::uint32_t> find(std::uint64_t hash, Same&& same) const;

  std::size_t size() const { return used_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t order = 0;  // 0: empty; otherwise the add's sequence number, from 1
    std::uint32_t position = 0;
  };
  void grow();

  std::vector<Slot> slots_;  // open addressing, linear probing, at most half full
  std::uint32_t used_ = 0;
};

template <class Same>
std::vector<std::uint32_t> KeyIndex::find(std::uint64_t hash, Same&& same) const {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> hits;  // (order added, position)
  if (slots_.empty()) return {};
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask; slots_[i].order != 0; i = (i + 1) & mask)
    if (slots_[i].hash == hash && same(slots_[i].position)) hits.emplace_back(slots_[i].order, slots_[i].position);
  // A table that grew may have moved entries of one hash past each other: put them back in order.
  if (hits.size() > 1) std::sort(hits.begin(), hits.end());
  std::vector<std::uint32_t> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(h.second);
  return out;
}

}  // namespace usersync
