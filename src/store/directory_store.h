#pragma once
// The embedded directory: the application's users, groups and memberships, as usersync keeps them.
// Every write bumps a version so a plan can tell that the directory moved under it.
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "database.h"
#include "model/identity.h"
#include "model/plan.h"
#include "model/timestamp.h"

namespace usersync {

class DirectoryStore {
 public:
  explicit DirectoryStore(Database& db) : db_(db) {}

  DirectoryState load();
  std::int64_t user_count();
  std::int64_t group_count();
  std::int64_t version();
  void bump_version();
  /// Checksum of the directory export the directory was last refreshed from ("" if never).
  std::string export_checksum();

  /// Replaces users, groups and memberships with an export of the application's directory, keeping
  /// usersync's own tracking (first seen, last seen in a source, deactivated at, created by usersync)
  /// for users and groups that are still there.
  void replace_from_export(const DirectoryState& exported, const std::string& checksum, Timestamp now);

  // Single writes, used by the embedded executor inside its transaction.
  void create_group(const std::string& name);
  void create_user(const std::string& username, const Attributes& attrs, bool active, Timestamp now);
  void rename_user(const std::string& from, const std::string& to);
  void set_attribute(const std::string& username, const std::string& name, const std::optional<std::string>& value);
  /// Activates (recording when) or deactivates (recording when and why) a user.
  void set_active(const std::string& username, bool active, Timestamp now, const std::string& reason = "");
  void add_membership(const std::string& username, const std::string& group);
  void remove_membership(const std::string& username, const std::string& group);
  void delete_user(const std::string& username);
  /// The target's id of a user or group, learnt when a remote target created it.
  void set_user_remote_id(const std::string& username, const std::string& remote_id);
  void set_group_remote_id(const std::string& name, const std::string& remote_id);
  /// Fills each change's user_ref and group_ref with the target's ids the directory knows.
  void attach_remote_ids(std::vector<Change>& changes);
  /// Records that the sources list these users now: one statement, however many.
  void mark_seen_in_source(const std::vector<std::string>& usernames, Timestamp now);

 private:
  std::int64_t user_id(const std::string& username);
  std::int64_t group_id(const std::string& name);
  Database& db_;
};

}  // namespace usersync
