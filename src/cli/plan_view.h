#pragma once
// The changes of a run, per user, in the terminal: after the summary of plan, apply and sync, and
// for any past run with `usersync history show RUN`. Read back from history, one row at a time.
#include <cstdint>
#include <ostream>

#include "store/database.h"
#include "store/history_store.h"

namespace usersync {

/// How many users to list: all, none, or the first N (the default 20).
struct ShowLimit {
  std::int64_t count = 20;  // -1: all
  static ShowLimit parse(const std::string& text);  // "all", "none" or a number; else UsageError
};

/// Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is dumb.
bool use_colour(std::ostream& out);

/// Prints the users the filter selects, one line each (reports/plan_text.h), then how many were
/// left out and the command that shows them (with `config`). Prints nothing when the run changes
/// no one and `quiet_if_none`.
void print_plan_view(std::ostream& out, Database& db, std::int64_t run_id, const HistoryStore::ResultFilter& filter,
                     ShowLimit limit, bool colour, bool quiet_if_none, const std::string& config);

}  // namespace usersync
