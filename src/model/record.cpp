#include "record.h"

#include "text.h"

namespace usersync {

Header::Header(std::vector<std::string> names) : names_(std::move(names)) {
  for (std::size_t i = 0; i < names_.size(); ++i) index_.emplace(fold_case(names_[i]), i);
}

std::optional<std::size_t> Header::index(std::string_view name) const {
  auto it = index_.find(fold_case(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const std::string* Record::get(std::string_view name) const {
  auto i = header->index(name);
  return i && *i < values.size() ? &values[*i] : nullptr;
}

SourceLocation Record::location(std::string_view name) const {
  auto i = header->index(name);
  std::int64_t l = line, c = 0;
  if (i && *i < lines.size()) l = lines[*i], c = columns[*i];
  return SourceLocation{file, l, c, line_of(raw, l - line)};
}

}  // namespace usersync
