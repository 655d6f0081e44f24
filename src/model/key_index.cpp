#include "key_index.h"

#include <bit>
#include <stdexcept>

namespace usersync {

KeyIndex::KeyIndex(std::size_t expected) {
  if (expected) slots_.resize(std::bit_ceil(expected * 2 + 2));
}

void KeyIndex::add(std::uint64_t hash, std::uint32_t position) {
  if (used_ == UINT32_MAX - 1) throw std::length_error("KeyIndex: more than 4 billion keys");
  if (slots_.empty() || (used_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].order != 0) i = (i + 1) & mask;
  slots_[i] = {hash, ++used_, position};
}

void KeyIndex::grow() {
  std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const auto& s : old) {
    if (s.order == 0) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].order != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace usersync
