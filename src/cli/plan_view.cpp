#include "plan_view.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "model/errors.h"
#include "reports/plan_text.h"
#include "reports/result_reader.h"

namespace usersync {

ShowLimit ShowLimit::parse(const std::string& text) {
  if (text == "all") return {-1};
  if (text == "none") return {0};
  try {
    std::size_t used = 0;
    auto n = std::stoll(text, &used);
    if (used == text.size() && n >= 0) return {n};
  } catch (const std::exception&) {
  }
  throw UsageError("--show takes all, none or a number of users, not '" + text + "'");
}

bool use_colour(std::ostream& out) {
  if (&out != &std::cout || !::isatty(STDOUT_FILENO)) return false;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return !(no_colour && *no_colour) && !(term && std::string(term) == "dumb");
}

void print_plan_view(std::ostream& out, Database& db, std::int64_t run_id, const HistoryStore::ResultFilter& filter,
                     ShowLimit limit, bool colour, bool quiet_if_none, const std::string& config) {
  if (limit.count == 0) return;
  HistoryStore history(db);
  std::int64_t shown = 0;
  auto where = "run " + std::to_string(run_id);
  auto total = history.each_result(run_id, filter, [&](const UserLine& l) {
    if (limit.count >= 0 && shown >= limit.count) return false;
    if (shown == 0) out << "\n";
    out << "  " << plan_text(user_result_from_line(l.line, where + ", user " + l.username), colour) << "\n";
    ++shown;
    return true;
  });
  if (total == 0) {
    if (quiet_if_none) return;
    out << "\n  no user matches\n";
    // A user in sync has no line to show: say so, rather than let "no match" suggest they were absent.
    auto info = history.find(run_id);
    if (info && info->routine && (!filter.username.empty() || filter.action == "unchanged"))
      out << "  (" << info->routine << " users were simply in sync in run " << run_id
          << "; history counts them but keeps no line for them)\n";
    return;
  }
  if (shown < total)
    out << "  ... and " << (total - shown) << " more: usersync history show " << run_id << " --config "
        << terminal_safe(config, 200) << (filter.action.empty() ? "" : " --action " + filter.action)
        << (filter.username.empty() ? "" : " --user " + terminal_safe(filter.username)) << " --show all\n";
}

}  // namespace usersync
