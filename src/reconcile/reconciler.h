#pragma once
// The reconciler: desired state against the directory, into a plan whose every change and every
// user result carries reason codes. Pure: the same inputs give the same plan, in the same order.
#include <string>
#include <vector>

#include "correlate.h"
#include "model/identity.h"
#include "model/plan.h"
#include "model/timestamp.h"
#include "options.h"

namespace usersync {

/// Reason codes, shared with docs/CONFIG.md and the reports.
namespace reason {
inline constexpr const char* new_in_source = "new_in_source";
inline constexpr const char* attribute_changed = "attribute_changed";
inline constexpr const char* renamed_in_source = "renamed_in_source";
inline constexpr const char* rename_conflict = "rename_conflict";
inline constexpr const char* username_taken = "username_taken";
inline constexpr const char* correlation_ambiguous = "correlation_ambiguous";
inline constexpr const char* retiring_source_only = "retiring_source_only";
inline constexpr const char* kept_by_retiring_source = "kept_by_retiring_source";
inline constexpr const char* no_username = "no_username";
inline constexpr const char* inactive_in_source = "inactive_in_source";
inline constexpr const char* missing_from_sources = "missing_from_sources";
inline constexpr const char* back_in_source = "back_in_source";
inline constexpr const char* group_in_source = "group_in_source";
inline constexpr const char* group_not_in_source = "group_not_in_source";
inline constexpr const char* in_sync = "in_sync";
inline constexpr const char* already_inactive = "already_inactive";
inline constexpr const char* missing_within_grace = "missing_within_grace";
inline constexpr const char* missing_kept = "missing_kept";
inline constexpr const char* deleted_after_grace = "deleted_after_grace";
inline constexpr const char* anonymized = "anonymized";
inline constexpr const char* memberships_stripped = "memberships_stripped";
inline constexpr const char* inactive_login = "inactive_login";
inline constexpr const char* never_logged_in = "never_logged_in";
inline constexpr const char* exempt_from_inactivity = "exempt_from_inactivity";
inline constexpr const char* logged_in_again = "logged_in_again";
inline constexpr const char* still_inactive_login = "still_inactive_login";
inline constexpr const char* reactivation_disabled = "reactivation_disabled";
inline constexpr const char* not_in_required_groups = "not_in_required_groups";
inline constexpr const char* protected_user = "protected_user";
inline constexpr const char* protected_group = "protected_group";
inline constexpr const char* group_conflict = "group_conflict";
inline constexpr const char* skipped_by_rule = "skipped_by_rule";
inline constexpr const char* mapping_error = "mapping_error";
inline constexpr const char* create_disabled = "create_disabled";
inline constexpr const char* update_disabled = "update_disabled";
inline constexpr const char* deactivate_disabled = "deactivate_disabled";
inline constexpr const char* delete_disabled = "delete_disabled";
inline constexpr const char* manual_correction = "manual_correction";
}  // namespace reason

/// The people the sources want as a plan sees them (group names mapped, records merged), before
/// any correction, each noting the source of every value: what the corrections workbook shows.
std::vector<DesiredUser> desired_state(const DirectoryState& directory, std::vector<SourceUser> source_users,
                                       const ReconcileOptions& options);

/// Takes the directory by value: its users' attributes move into the results' `before`.
Plan reconcile(DirectoryState directory, std::vector<SourceUser> source_users, const ReconcileOptions& options,
               Timestamp now);

}  // namespace usersync
