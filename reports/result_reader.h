#pragma once
// The way back from stored reports: a users.jsonl line to the UserResult it was written from, and
// summary.json to its RunSummary, so `report RUN` re-renders every format of a past run and an
// apply reports a stored plan's results. Writing what was read gives the same bytes again.
#include <string_view>

#include "model/plan.h"
#include "summary.h"

namespace usersync {

/// Throws an internal Error naming `where` (e.g. "run 7, user akrueger") when the text is not what
/// usersync stored: the database was changed by something else.
UserResult user_result_from_line(std::string_view line, std::string_view where);
RunSummary summary_from_json(std::string_view json, std::string_view where);

}  // namespace usersync
