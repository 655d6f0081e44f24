#pragma once
// Manual corrections over the merged sources: each correction in force wins over every source,
// unless the sources changed the value under it since the admin saw it (a conflict, which waits
// for `usersync corrections keep|drop`). Applied to the people before they meet the directory,
// so a corrected value is planned like any other, with the reason manual_correction.
#include <string>
#include <vector>

#include "correlate.h"
#include "model/correction.h"
#include "model/timestamp.h"

namespace usersync {

/// Applies `corrections` (in id order; a later one on the same value replaces an earlier one) to
/// `people`, adding a person for each new row no source lists. Returns what became of each.
std::vector<CorrectionOutcome> apply_corrections(std::vector<DesiredUser>& people,
                                                 const std::vector<Correction>& corrections, Timestamp now);

/// The groups a person ends up wanting: what the sources give (or, when no source maps groups,
/// what the account has), with the memberships corrections add or remove.
std::vector<std::string> wanted_groups(const DesiredUser& p, const std::vector<std::string>& have);

/// What the sources say of a value now, in a correction's terms: an attribute's value, "true" or
/// "false" for active, "member" or "" for a group; nullopt when they do not say.
std::optional<std::string> source_value(const DesiredUser& person, const Correction& c);

}  // namespace usersync
