#pragma once
// The report pipeline: every report format is a ReportSink, fed once per run in one pass while
// the results are produced (or read back from history), so a run of a million users never holds
// its results twice and every format says the same thing.
//
//   begin(run) ─▶ user(result, line) × N, in username order ─▶ end(run, changes)
//
// `begin` gets the run as known before its results (id, mode, clock, sources, options); its
// counts and status are final only at `end`. A sink that must put the summary first (a workbook's
// Summary sheet, the HTML page's header) spools its rows and writes the file at `end`.
#include <string>
#include <string_view>
#include <vector>

#include "model/plan.h"
#include "summary.h"

namespace usersync {

/// The plan a run carried out (or planned), for the formats that list changes.
struct RunChanges {
  const std::vector<Change>* changes = nullptr;  // null: the run carries out no plan (refused, failed)
  /// Per change, what happened to it: applied, failed, skipped, not_sent. Empty, or "" for one
  /// change: `default_outcome`.
  std::vector<std::string> outcomes;
  std::string default_outcome;           // "planned" for a plan, "applied" for an apply or sync
  const std::string* scim_bulk = nullptr;  // changes.scim.json, rendered by src/target (reports may not use it)

  /// The outcome of change `index`.
  const std::string& outcome(std::size_t index) const {
    return index < outcomes.size() && !outcomes[index].empty() ? outcomes[index] : default_outcome;
  }
};

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual void begin(const RunSummary& run) = 0;
  /// One user's result and its users.jsonl line (serialised once, for history and every format
  /// that embeds it), in username order.
  virtual void user(const UserResult& result, std::string_view line) = 0;
  virtual void end(const RunSummary& run, const RunChanges& changes) = 0;
  /// The files this sink wrote, by name within the report folder.
  virtual std::vector<std::string> files() const = 0;
};

}  // namespace usersync
