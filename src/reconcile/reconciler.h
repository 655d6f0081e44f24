#pragma once
// The reconciler: desired state against the directory, into a plan whose every change and every
// user result carries reason codes. Pure: the same inputs give the same plan, in the same order.
#include <string>
#include <vector>

#include "model/identity.h"
#include "model/plan.h"
#include "model/timestamp.h"

namespace usersync {

struct ReconcileOptions {
  std::vector<std::string> match_on{"external_id", "email", "username"};
};

/// Reason codes, shared with docs/CONFIG.md and the reports.
namespace reason {
inline constexpr const char* new_in_source = "new_in_source";
inline constexpr const char* attribute_changed = "attribute_changed";
inline constexpr const char* renamed_in_source = "renamed_in_source";
inline constexpr const char* rename_conflict = "rename_conflict";
inline constexpr const char* username_taken = "username_taken";
inline constexpr const char* correlation_conflict = "correlation_conflict";
inline constexpr const char* no_username = "no_username";
inline constexpr const char* inactive_in_source = "inactive_in_source";
inline constexpr const char* missing_from_sources = "missing_from_sources";
inline constexpr const char* back_in_source = "back_in_source";
inline constexpr const char* group_in_source = "group_in_source";
inline constexpr const char* group_not_in_source = "group_not_in_source";
inline constexpr const char* in_sync = "in_sync";
inline constexpr const char* already_inactive = "already_inactive";
}  // namespace reason

Plan reconcile(const DirectoryState& directory, std::vector<SourceUser> source_users, const ReconcileOptions& options,
               Timestamp now);

}  // namespace usersync
