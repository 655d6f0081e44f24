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

const std::vector<std::string>* Record::list(std::string_view name) const {
  if (lists.empty()) return nullptr;
  auto i = header->index(name);
  return i && *i < lists.size() && lists[*i] ? &*lists[*i] : nullptr;
}

void add_list_field(Record& record, std::string name, std::vector<std::string> items) {
  auto names = record.header->names();
  names.push_back(std::move(name));
  record.header = std::make_shared<const Header>(std::move(names));
  record.lists.resize(record.values.size());
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : "; ") + item;
  record.values.push_back(std::move(joined));
  record.lists.emplace_back(std::move(items));
}

std::string field_pointer(std::string_view name) {
  std::string out = "/";
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '.') {
      out += '/';
    } else if (c == '[') {
      auto close = name.find(']', i);
      if (close == std::string_view::npos) close = name.size();
      auto inside = name.substr(i + 1, close - i - 1);
      bool index = !inside.empty() && inside.find_first_not_of("0123456789") == std::string_view::npos;
      if (!index) return out;  // a selector: the array is as far as the name says
      out += '/';
      out += inside;
      i = close;
    } else if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

SourceLocation Record::location(std::string_view name) const {
  if (!pointer.empty()) {
    bool derived = name.empty() || name.front() == '@';  // fields the importer derived have no place
    return SourceLocation{file, line, 0, "", pointer + (derived ? "" : field_pointer(name))};
  }
  auto i = header->index(name);
  std::int64_t l = line, c = 0;
  if (i && *i < lines.size()) {
    l = lines[*i];
    if (*i < columns.size()) c = columns[*i];
  }
  if (!sheet.empty()) return SourceLocation{file, l, c, "", "", sheet};
  return SourceLocation{file, l, c, line_of(raw, l - line)};
}

}  // namespace usersync
