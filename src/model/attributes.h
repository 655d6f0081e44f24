#pragma once
// A user's attributes as a flat vector sorted by name: smaller than a std::map per user when a
// directory holds a million people, and iteration order is the deterministic name order.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usersync {

class Attributes {
 public:
  using Entry = std::pair<std::string, std::string>;

  /// The value, or nullptr when the attribute is absent.
  const std::string* find(std::string_view name) const;
  std::string get(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  void set(std::string_view name, std::string value);
  void erase(std::string_view name);
  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  void reserve(std::size_t n) { entries_.reserve(n); }
  bool operator==(const Attributes&) const = default;

 private:
  std::vector<Entry> entries_;
};

}  // namespace usersync
