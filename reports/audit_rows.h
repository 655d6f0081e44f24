#pragma once
// What the audit workbook's Changes sheet lists for one user, derived from the user's result
// alone (the plan's changes are not at hand while results stream), and where each row's outcome
// is found once the run's changes are.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/plan.h"
#include "report_sink.h"

namespace usersync {

/// One row of the Changes sheet, without its outcome.
struct ChangeRow {
  std::string kind;  // a ChangeKind's name
  std::string group;
  std::string attribute;
  std::string from;
  std::string to;
  std::string correction;  // the manual correction's id, "" for none
};

/// The rows of `result`, in plan order (all_change_kinds()), each kind in the result's order:
/// a create's attributes are `user_create` rows (one without an attribute if it has none);
/// `username` is `user_rename`; `active` is `user_reactivate` when it becomes true, else
/// `user_deactivate`; other attributes are `user_update`; a delete that changes no attribute
/// is one `user_delete` row (an anonymized user's deletion is its rename, updates and
/// deactivation); each group added or removed is a `membership_add` or `membership_remove`.
std::vector<ChangeRow> change_rows(const UserResult& result);

/// A change's outcome, found by user, kind and what it is about (attribute or group), as a
/// result's rows and the plan's changes both name it.
class OutcomeLookup {
 public:
  /// Keeps only the changes whose outcome is not `changes.default_outcome`: an applied run of a
  /// million changes costs nothing here. Without a plan every row is "not applied".
  explicit OutcomeLookup(const RunChanges& changes);
  const std::string& operator()(std::string_view user, std::string_view kind, std::string_view attribute,
                                std::string_view group) const;
  /// The longest outcome a row can get, in characters, for the column's width.
  std::size_t longest() const { return longest_; }

 private:
  std::unordered_map<std::string, std::string> differ_;
  std::string fallback_;
  std::size_t longest_ = 0;
};

/// The lookup key of a change: user, kind and the attribute or group that identifies it (a
/// create, deactivation, reactivation or delete is one change per user).
std::string outcome_key(std::string_view user, std::string_view kind, std::string_view attribute,
                        std::string_view group);

}  // namespace usersync
