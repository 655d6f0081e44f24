#pragma once
// Correlation: merges the records of several sources into one desired user per person, and finds
// each person's account in the directory, by the configured keys compared case-insensitively.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/identity.h"

namespace usersync {

/// One person as all sources together want them.
struct DesiredUser {
  std::string username;
  Attributes attrs;
  std::optional<bool> active;
  std::optional<std::vector<std::string>> groups;
  std::vector<SourceRef> sources;  // highest priority first
  bool skip = false;
  std::vector<std::string> reasons;
  std::vector<std::string> errors;
};

/// The value of a correlation key ("username", "email", "external_id", or any attribute).
std::string key_value(const DesiredUser& user, const std::string& key);
std::string key_value(const DirectoryUser& user, const std::string& key);

/// Merges source users into people. Sources are taken by priority (lower first, then by name); a
/// record joins the person that shares any key with it. For each attribute the highest-priority
/// non-empty value wins; groups are the union of every source that maps groups.
std::vector<DesiredUser> merge_sources(std::vector<SourceUser> users, const std::vector<std::string>& match_on);

/// For each desired user, the index of its directory user, tried key by key in `match_on` order.
/// A directory user already claimed by an earlier person is not matched again: the later
/// person gets nullopt and `conflicts[i]` names the holder.
struct DirectoryMatch {
  std::vector<std::optional<std::size_t>> match;
  std::vector<std::string> conflicts;
};
DirectoryMatch match_directory(const std::vector<DesiredUser>& people, const DirectoryState& dir,
                               const std::vector<std::string>& match_on);

}  // namespace usersync
