#include "key_index.h"

#include <bit>

namespace usersync {

KeyIndex::KeyIndex(std::size_t expected_keys) {
  if (expected_keys) {
    slots_.resize(std::bit_ceil(expected_keys * 2 + 2));
    entries_.reserve(expected_keys + 1);
  }
}

void KeyIndex::grow() {
  std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  // Distinct keys move with their chains; no comparison is needed, every slot holds another key.
  for (const auto& s : old) {
    if (s.first == 0) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].first != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace usersync
