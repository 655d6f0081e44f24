#pragma once
// A plan is data: the changes to make, each with its reasons, and the per-user results that
// explain them. Executors carry a plan out; nothing here touches a directory.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attributes.h"
#include "correction.h"

namespace usersync {

/// In the order a plan applies them: groups exist before memberships refer to them.
enum class ChangeKind {
  group_create,
  user_create,
  user_rename,
  user_update,
  user_reactivate,
  membership_add,
  membership_remove,
  user_deactivate,
  user_delete,
};

std::string_view to_string(ChangeKind kind);
std::optional<ChangeKind> change_kind_from(std::string_view text);
const std::vector<ChangeKind>& all_change_kinds();
/// Every per-user action, in the order reports list them.
const std::vector<std::string>& all_actions();

struct Change {
  ChangeKind kind = ChangeKind::user_update;
  std::string username;             // the user's name after this change; for a rename, the new name
  std::string group;                // for group and membership changes
  std::string attribute;            // for updates
  std::optional<std::string> from;  // old value (rename: old username)
  std::optional<std::string> to;    // new value
  Attributes attrs;                 // a created user's attributes
  std::vector<std::string> reasons;
  std::string user_ref;   // the target's id of the user when the plan was made ("" if unknown or new)
  std::string group_ref;  // the same for the group
};

struct AttributeChange {
  std::string attribute;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::int64_t correction = 0;  // the manual correction that caused it; 0 for none
};

struct UserSnapshot {
  std::string username;
  Attributes attrs;
  bool active = true;
  std::vector<std::string> groups;
  bool operator==(const UserSnapshot&) const = default;
};

/// A decision of a time-based or guard policy, kept for the audit trail.
struct PolicyDecision {
  std::string policy;
  std::string reason;
  std::map<std::string, std::string> compared;  // e.g. last_seen, now, grace_days
};

/// A safety guard's figure: what it measured against what it allows. Every run records every
/// figure, refused or not, so an auditor sees how close a run came.
struct GuardFigure {
  std::string guard;   // max_deprovision, max_deprovision_share, empty_source, max_source_shrink
  std::string source;  // for the source guards
  double measured = 0;
  double allowed = 0;
  std::string detail;       // the counts behind a figure, e.g. "7 -> 3 records"
  bool exceeded = false;    // measured is over what is allowed
  bool overridden = false;  // exceeded, but --allow-mass-changes let the run go on
  std::string message;      // why the run is refused, when exceeded and not overridden
};

/// Something a run held back instead of carrying it out: users with errors, group conflicts
/// waiting for a decision, changes a target rejected.
struct HeldBack {
  std::string kind;  // user_errors, group_conflicts
  std::int64_t count = 0;
  std::string message;                // one line for a person
  std::vector<std::string> examples;  // the first few, located
};

/// Users whose exported state differs from what run `run_id` applied to them.
struct Drift {
  std::int64_t run_id = 0;
  bool remote = false;  // read from a remote target, which usersync changed itself
  std::int64_t count = 0;
  std::vector<std::string> users;  // the first few, sorted
};

/// What happened, or will happen, to one user: one line of users.jsonl.
struct UserResult {
  std::string username;
  std::string action;  // create, update, deactivate, reactivate, delete, unchanged, skipped, error
  std::vector<std::string> reasons;
  std::vector<std::pair<std::string, std::string>> sources;  // source name -> record id
  std::optional<UserSnapshot> before;
  std::optional<UserSnapshot> after;
  std::vector<AttributeChange> changes;
  std::vector<std::string> groups_added;
  std::vector<std::string> groups_removed;
  std::vector<PolicyDecision> policies;
  std::vector<std::string> errors;
  std::vector<CorrectionOutcome> corrections;  // the manual corrections of this user, applied or in conflict
  std::vector<std::pair<std::string, std::int64_t>> group_corrections;  // group added or removed -> correction
  /// An unchanged user whose account ends as it began: `after` is left empty instead of holding a
  /// second copy of `before` (a plan of a million users in sync, #11). Read after_state().
  bool after_is_before = false;

  /// The account after the plan: `after`, or `before` when they are the same.
  const std::optional<UserSnapshot>& after_state() const { return after_is_before ? before : after; }
};

/// A source group that would take over a directory group usersync did not create: not synced
/// until an admin accepts it.
struct GroupConflict {
  std::string group;
  std::vector<std::string> would_add;  // usernames, sorted
  std::vector<std::string> would_remove;
};

struct Plan {
  std::int64_t id = 0;
  std::vector<Change> changes;
  std::vector<UserResult> results;          // sorted by username
  std::vector<std::string> seen_in_source;  // usernames a source still lists, after the plan
  std::vector<GroupConflict> conflicts;     // sorted by group
  std::vector<CorrectionOutcome> corrections;  // every correction in force, by id: applied, conflict, ...

  std::map<std::string, std::int64_t> change_counts() const;  // every kind, zeros included
  std::map<std::string, std::int64_t> action_counts() const;
};

}  // namespace usersync
