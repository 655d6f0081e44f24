#include "attributes.h"

#include <algorithm>

namespace usersync {

namespace {
auto lower(std::vector<Attributes::Entry>& v, std::string_view name) {
  return std::lower_bound(v.begin(), v.end(), name, [](const auto& e, std::string_view n) { return e.first < n; });
}
auto lower(const std::vector<Attributes::Entry>& v, std::string_view name) {
  return std::lower_bound(v.begin(), v.end(), name, [](const auto& e, std::string_view n) { return e.first < n; });
}
}  // namespace

const std::string* Attributes::find(std::string_view name) const {
  auto it = lower(entries_, name);
  return it != entries_.end() && it->first == name ? &it->second : nullptr;
}

std::string Attributes::get(std::string_view name) const {
  auto* v = find(name);
  return v ? *v : std::string();
}

void Attributes::set(std::string_view name, std::string value) {
  auto it = lower(entries_, name);
  if (it != entries_.end() && it->first == name)
    it->second = std::move(value);
  else
    entries_.insert(it, {std::string(name), std::move(value)});
}

void Attributes::erase(std::string_view name) {
  auto it = lower(entries_, name);
  if (it != entries_.end() && it->first == name) entries_.erase(it);
}

}  // namespace usersync
