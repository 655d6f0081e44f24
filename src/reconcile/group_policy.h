#pragma once
// Which groups usersync may touch: managed groups (named by a source, or listed in include, and
// not excluded), protected groups (never touched), and conflicts (a source group that would
// take over a directory group usersync did not create, until an admin accepts it).
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/identity.h"
#include "options.h"

namespace usersync {

class GroupPolicy {
 public:
  GroupPolicy(const DirectoryState& dir, const GroupRules& rules, const std::vector<NameMatcher>& protected_groups);

  /// A source group's name in the directory: the first matching rename, then the prefix.
  std::string map_name(const std::string& source_group) const;
  /// Remembers that a source names this (mapped) group: by default such groups are managed.
  void named_by_source(const std::string& group);
  bool managed(std::string_view group) const;
  bool is_protected(std::string_view group) const;
  /// Exists in the directory, was not created by usersync, and nobody adopted or accepted it.
  bool in_conflict(std::string_view group) const;
  bool exists(std::string_view group) const;
  /// The directory's spelling of a group, or `group` itself when it is new.
  std::string directory_name(const std::string& group) const;

 private:
  const GroupRules& rules_;
  const std::vector<NameMatcher>& protected_;
  std::unordered_map<std::string, bool> directory_;        // folded name -> created by usersync
  std::unordered_map<std::string, std::string> spelling_;  // folded name -> as the directory writes it
  std::unordered_set<std::string> named_;                  // folded names sources use
};

}  // namespace usersync
