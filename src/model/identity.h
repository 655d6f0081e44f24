#pragma once
// The two sides of a reconcile: what the directory holds, and what the sources want.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attributes.h"
#include "timestamp.h"

namespace usersync {

/// Directory attribute names that every layer agrees on. Any other name is an extra attribute,
/// which a config may use only when the directory export has it as a column or the config
/// declares it (`[directory] attributes`).
namespace attr {
inline constexpr const char* username = "username";
inline constexpr const char* email = "email";
inline constexpr const char* external_id = "external_id";
inline constexpr const char* first_name = "first_name";
inline constexpr const char* last_name = "last_name";
inline constexpr const char* display_name = "display_name";
inline constexpr const char* active = "active";
inline constexpr const char* groups = "groups";
inline constexpr const char* last_login = "last_login";
inline constexpr const char* created = "created";  // the account's creation, from the directory export

/// Facts the application records about an account (when it was created, when its user last
/// logged in). A source may supply them to inform the policies; usersync never writes them.
inline bool is_account_fact(std::string_view name) { return name == last_login || name == created; }

/// Every directory has these: the directory export's native columns (src/run/directory_reader.h)
/// and `created`, which the never-logged-in policy reads. In this order in messages.
inline constexpr std::array<const char*, 10> builtin{username,     email,  external_id, first_name, last_name,
                                                     display_name, active, groups,      last_login, created};
}  // namespace attr

/// A user as the application's directory holds it. `attrs` has every attribute except
/// username, active and groups, which the reconciler treats specially.
struct DirectoryUser {
  std::int64_t id = 0;
  std::string username;
  Attributes attrs;
  bool active = true;
  std::vector<std::string> groups;  // sorted by case-folded name
  std::optional<Timestamp> last_login;
  std::optional<Timestamp> first_seen;
  std::optional<Timestamp> last_seen_in_source;
  std::optional<Timestamp> deactivated_at;
  std::string deactivation_reason;  // the reason code of the change that deactivated them
  std::optional<Timestamp> reactivated_at;
  bool created_by_usersync = false;
  std::string remote_id;  // the target's id for this user (SCIM `id`); "" when unknown
};

struct DirectoryGroup {
  std::int64_t id = 0;
  std::string name;
  bool created_by_usersync = false;
  std::string remote_id;  // the target's id for this group; "" when unknown
};

struct DirectoryState {
  std::vector<DirectoryUser> users;    // sorted by case-folded username
  std::vector<DirectoryGroup> groups;  // sorted by case-folded name
};

/// Which record of which source a desired user came from.
struct SourceRef {
  std::string source;
  std::string record_id;
  std::int64_t line = 0;
};

/// One source record after mapping: the user that source wants.
struct SourceUser {
  std::string username;
  Attributes attrs;                                // mapped attributes; an empty value means "clear it"
  std::optional<bool> active;                      // nullopt when the source does not say
  std::optional<std::vector<std::string>> groups;  // nullopt when the source maps no groups
  SourceRef ref;
  std::int32_t priority = 0;         // lower wins
  /// Per attribute, a priority that overrides `priority` for that attribute (`[[source]]
  /// attribute_priority`); null when the source sets none.
  std::shared_ptr<const std::map<std::string, std::int32_t>> attribute_priority;
  /// From a source with `role = "retiring"`: its people are kept (never created from it, never
  /// deprovisioned while it lists them) and it fills only what other sources leave empty.
  bool retiring = false;
  /// From the source's crosswalk: the directory attribute and value of this record's account.
  std::string crosswalk_attribute;
  std::string crosswalk_value;
  bool skip = false;                 // a rule said to leave this user alone
  std::vector<std::string> reasons;  // why rules skipped or changed something
  std::vector<std::string> errors;   // values that could not be computed for this user
};

}  // namespace usersync
