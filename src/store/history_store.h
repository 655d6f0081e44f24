#pragma once
// Run history: each plan, apply or sync with its counts, its summary and one JSON line per user,
// stored as written so `report` reproduces the files byte for byte.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "model/timestamp.h"

namespace usersync {

struct RunInfo {
  std::int64_t id = 0;
  std::string mode;  // plan, apply, sync
  std::string run_at;
  std::string status;  // planned, applied, no_changes, refused
  std::int64_t plan_id = 0;
  std::string counts;   // JSON object: changes per kind
  std::string summary;  // summary.json as written
  std::int64_t routine = 0;  // users who were simply in sync: counted, their lines not kept
};

struct UserLine {
  std::string username;
  std::string action;
  std::string line;  // the users.jsonl line, without newline
  /// Unchanged, in sync, nothing else to say: history counts such a user but keeps no line (#11:
  /// a daily run of a million users would otherwise store a million copies of the directory).
  bool routine = false;
};

class HistoryStore {
 public:
  explicit HistoryStore(Database& db) : db_(db) {}

  std::int64_t begin_run(const std::string& mode, Timestamp now);
  /// `routine`: how many users were in sync, whose lines are not kept.
  void finish_run(std::int64_t id, const std::string& status, std::int64_t plan_id, const std::string& counts,
                  const std::string& summary, std::int64_t routine = 0);
  /// Keeps every line but the routine ones.
  void add_results(std::int64_t run_id, const std::vector<UserLine>& lines);
  std::vector<RunInfo> list(int limit);
  std::optional<RunInfo> find(std::int64_t id);
  std::string summary(std::int64_t run_id);
  std::vector<UserLine> results(std::int64_t run_id);

  /// Which of a run's results to read back: by user (case-insensitive) and by action; without an
  /// action, every user who changes (all but "unchanged"), or everyone with `everyone`.
  struct ResultFilter {
    std::string username;
    std::string action;
    bool everyone = false;
  };
  /// Calls `f` for each result the filter selects, in username order, until `f` returns false.
  /// Returns how many the filter selects in all, so a caller that stops early can say how many
  /// it left out. One row at a time: a million results are never held at once.
  std::int64_t each_result(std::int64_t run_id, const ResultFilter& filter,
                           const std::function<bool(const UserLine&)>& f);

 private:
  Database& db_;
};

}  // namespace usersync
