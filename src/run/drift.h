#pragma once
// Drift: when a fresh export of the directory arrives, the users whose exported state differs
// from what usersync last applied to them. With an export file and change files, usersync cannot
// see the application; a difference usually means the change file was not (fully) carried out.
#include <string>
#include <vector>

#include "model/identity.h"
#include "model/plan.h"

namespace usersync {

/// Usernames (as the changes name them, sorted, unique) for which `exported` does not show what
/// `applied` set: a created or renamed user missing, an attribute with another value, active the
/// other way, a deleted user still there, a membership added but missing or removed but present.
/// `last_login` and `created` are the account's facts and never drift.
std::vector<std::string> drifted_users(const std::vector<Change>& applied, const DirectoryState& exported);

}  // namespace usersync
