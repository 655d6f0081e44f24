#pragma once
// Positions by case-folded key, held as 64-bit hashes in one flat table: a slot per distinct key
// (16 bytes) and 8 bytes per position, instead of a folded string and a hash-table node each. At
// a million people and three correlation keys the string maps were hundreds of megabytes and a
// large share of the plan's time (#11).
//
// Two different keys can share a hash. The index does not keep the keys, so the caller compares
// the real values (`same(position)`, usually iequals against the value at that position): that
// comparison is the collision check, and no match is ever taken on the hash alone. Positions of
// one key are chained behind its slot, so a value thousands of entries share (a noreply address)
// costs one slot, not a run of slots every lookup would walk.
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "model/text.h"

namespace usersync {

class KeyIndex {
 public:
  explicit KeyIndex(std::size_t expected_keys = 0);

  /// Adds `position` under `key`. `same(p)` tells whether the entry at an existing position `p`
  /// has this very key; positions of one key are kept in the order added.
  template <class Same>
  void add(std::string_view key, std::uint32_t position, Same&& same) {
    add(folded_hash(key), position, same);
  }
  template <class Same>
  void add(std::uint64_t hash, std::uint32_t position, Same&& same);

  /// Every position added under `key`, in the order added (empty when none).
  template <class Same>
  std::vector<std::uint32_t> find(std::string_view key, Same&& same) const {
    return find(folded_hash(key), same);
  }
  template <class Same>
  std::vector<std::uint32_t> find(std::uint64_t hash, Same&& same) const;

  std::size_t keys() const { return keys_; }
  std::size_t size() const { return entries_.size() - 1; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t first = 0;  // 0: empty; else the key's first entry in entries_
    std::uint32_t last = 0;
  };
  struct Entry {
    std::uint32_t position;
    std::uint32_t next;  // 0: the key's last entry
  };
  /// The slot of the key with this hash that `same` confirms, or the empty slot where it goes.
  template <class Same>
  std::size_t slot_of(std::uint64_t hash, Same& same) const;
  void grow();

  std::vector<Slot> slots_;            // open addressing, linear probing, at most half full
  std::vector<Entry> entries_{Entry{}};  // entries_[0] unused, so 0 can mean "none"
  std::size_t keys_ = 0;
};

template <class Same>
std::size_t KeyIndex::slot_of(std::uint64_t hash, Same& same) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].first != 0 && !(slots_[i].hash == hash && same(entries_[slots_[i].first].position)))
    i = (i + 1) & mask;
  return i;
}

template <class Same>
void KeyIndex::add(std::uint64_t hash, std::uint32_t position, Same&& same) {
  if (entries_.size() >= UINT32_MAX) throw std::length_error("KeyIndex: more than 4 billion entries");
  if ((keys_ + 1) * 2 > slots_.size()) grow();
  auto at = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back({position, 0});
  Slot& s = slots_[slot_of(hash, same)];
  if (s.first == 0) {
    s = {hash, at, at};
    ++keys_;
  } else {
    entries_[s.last].next = at;
    s.last = at;
  }
}

template <class Same>
std::vector<std::uint32_t> KeyIndex::find(std::uint64_t hash, Same&& same) const {
  std::vector<std::uint32_t> out;
  if (slots_.empty()) return out;
  const Slot& s = slots_[slot_of(hash, same)];
  for (auto e = s.first; e != 0; e = entries_[e].next) out.push_back(entries_[e].position);
  return out;
}

}  // namespace usersync
