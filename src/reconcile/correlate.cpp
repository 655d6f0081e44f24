#include "correlate.h"

#include <algorithm>
#include <unordered_map>

#include "model/text.h"

namespace usersync {

std::string key_value(const DesiredUser& user, const std::string& key) {
  return key == attr::username ? user.username : user.attrs.get(key);
}

std::string key_value(const DirectoryUser& user, const std::string& key) {
  return key == attr::username ? user.username : user.attrs.get(key);
}

namespace {
void merge_groups(std::optional<std::vector<std::string>>& into, const std::optional<std::vector<std::string>>& from) {
  if (!from) return;
  if (!into) {
    into = from;
    return;
  }
  into->insert(into->end(), from->begin(), from->end());
  sort_unique_folded(*into);  // the higher-priority spelling of a group comes first and stays
}
}  // namespace

std::vector<DesiredUser> merge_sources(std::vector<SourceUser> users, const std::vector<std::string>& match_on) {
  std::stable_sort(users.begin(), users.end(), [](const SourceUser& a, const SourceUser& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.ref.source < b.ref.source;
  });
  std::vector<DesiredUser> people;
  std::vector<std::unordered_map<std::string, std::size_t>> index(match_on.size());
  for (auto& u : users) {
    DesiredUser incoming{u.username, std::move(u.attrs),   u.active,           std::move(u.groups), {u.ref},
                         u.skip,     std::move(u.reasons), std::move(u.errors)};
    std::optional<std::size_t> found;
    for (std::size_t k = 0; k < match_on.size() && !found; ++k) {
      auto v = key_value(incoming, match_on[k]);
      if (v.empty()) continue;
      auto it = index[k].find(fold_case(v));
      if (it != index[k].end()) found = it->second;
    }
    std::size_t at;
    if (found) {
      at = *found;
      auto& p = people[at];
      if (p.username.empty()) p.username = incoming.username;
      for (const auto& [name, value] : incoming.attrs.entries())
        if (!p.attrs.has(name)) p.attrs.set(name, value);
      if (!p.active) p.active = incoming.active;
      merge_groups(p.groups, incoming.groups);
      p.sources.push_back(incoming.sources.front());
      p.skip = p.skip || incoming.skip;
      p.reasons.insert(p.reasons.end(), incoming.reasons.begin(), incoming.reasons.end());
      p.errors.insert(p.errors.end(), incoming.errors.begin(), incoming.errors.end());
    } else {
      at = people.size();
      people.push_back(std::move(incoming));
    }
    for (std::size_t k = 0; k < match_on.size(); ++k) {
      auto v = key_value(people[at], match_on[k]);
      if (!v.empty()) index[k].emplace(fold_case(v), at);
    }
  }
  return people;
}

DirectoryMatch match_directory(const std::vector<DesiredUser>& people, const DirectoryState& dir,
                               const std::vector<std::string>& match_on) {
  std::vector<std::unordered_map<std::string, std::size_t>> index(match_on.size());
  for (std::size_t i = 0; i < dir.users.size(); ++i)
    for (std::size_t k = 0; k < match_on.size(); ++k) {
      auto v = key_value(dir.users[i], match_on[k]);
      if (!v.empty()) index[k].emplace(fold_case(v), i);
    }
  DirectoryMatch out;
  out.match.resize(people.size());
  out.conflicts.resize(people.size());
  std::vector<std::optional<std::size_t>> claimed_by(dir.users.size());
  for (std::size_t p = 0; p < people.size(); ++p) {
    for (std::size_t k = 0; k < match_on.size(); ++k) {
      auto v = key_value(people[p], match_on[k]);
      if (v.empty()) continue;
      auto it = index[k].find(fold_case(v));
      if (it == index[k].end()) continue;
      if (claimed_by[it->second]) {
        out.conflicts[p] = dir.users[it->second].username;
        break;
      }
      claimed_by[it->second] = p;
      out.match[p] = it->second;
      break;
    }
  }
  return out;
}

}  // namespace usersync
