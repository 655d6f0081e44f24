#include "filters.h"

#include <array>

#include "model/text.h"

namespace usersync {

namespace {
std::string f_lower(const std::string& v, const std::vector<std::string>&) { return ascii_lower(v); }
std::string f_upper(const std::string& v, const std::vector<std::string>&) {
  std::string out = v;
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}
std::string f_trim(const std::string& v, const std::vector<std::string>&) { return std::string(trim(v)); }

const std::array<FilterInfo, 3> kFilters{{
    {"lower", 0, 0, &f_lower},
    {"upper", 0, 0, &f_upper},
    {"trim", 0, 0, &f_trim},
}};
}  // namespace

const FilterInfo* find_filter(std::string_view name) {
  for (const auto& f : kFilters)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<std::string> filter_names() {
  std::vector<std::string> out;
  for (const auto& f : kFilters) out.emplace_back(f.name);
  return out;
}

}  // namespace usersync
