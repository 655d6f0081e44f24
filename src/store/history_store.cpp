#include "history_store.h"

#include <SQLiteCpp/Statement.h>

namespace usersync {

namespace {
RunInfo read_run(SQLite::Statement& q) {
  return RunInfo{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                 q.getColumn(3).getString(), q.getColumn(4).getInt64(),  q.getColumn(5).getString(),
                 q.getColumn(6).getString(), q.getColumn(7).getInt64()};
}
constexpr const char* kRunColumns =
    "SELECT id, mode, run_at, status, COALESCE(plan_id, 0), counts, summary, routine FROM runs ";
}  // namespace

std::int64_t HistoryStore::begin_run(const std::string& mode, Timestamp now) {
  SQLite::Statement q(db_.sql(), "INSERT INTO runs(mode, run_at, status) VALUES(?,?,'running')");
  q.bind(1, mode);
  q.bind(2, now.iso());
  q.exec();
  return db_.sql().getLastInsertRowid();
}

void HistoryStore::finish_run(std::int64_t id, const std::string& status, std::int64_t plan_id,
                              const std::string& counts, const std::string& summary, std::int64_t routine) {
  SQLite::Statement q(db_.sql(),
                      "UPDATE runs SET status = ?, plan_id = ?, counts = ?, summary = ?, routine = ? WHERE id = ?");
  q.bind(1, status);
  if (plan_id)
    q.bind(2, plan_id);
  else
    q.bind(2);
  q.bind(3, counts);
  q.bind(4, summary);
  q.bind(5, routine);
  q.bind(6, id);
  q.exec();
}

void HistoryStore::add_results(std::int64_t run_id, const std::vector<UserLine>& lines) {
  SQLite::Statement q(db_.sql(), "INSERT INTO run_results(run_id, seq, username, action, line) VALUES(?,?,?,?,?)");
  std::int64_t seq = 0;
  for (const auto& l : lines) {
    if (l.routine) continue;
    q.reset();
    q.bind(1, run_id);
    q.bind(2, ++seq);
    q.bind(3, l.username);
    q.bind(4, l.action);
    q.bind(5, l.line);
    q.exec();
  }
}

std::vector<RunInfo> HistoryStore::list(int limit) {
  SQLite::Statement q(db_.sql(), std::string(kRunColumns) + "ORDER BY id DESC LIMIT ?");
  q.bind(1, limit);
  std::vector<RunInfo> out;
  while (q.executeStep()) out.push_back(read_run(q));
  return out;
}

std::optional<RunInfo> HistoryStore::find(std::int64_t id) {
  SQLite::Statement q(db_.sql(), std::string(kRunColumns) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read_run(q);
}

std::string HistoryStore::summary(std::int64_t run_id) {
  SQLite::Statement q(db_.sql(), "SELECT summary FROM runs WHERE id = ?");
  q.bind(1, run_id);
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::vector<UserLine> HistoryStore::results(std::int64_t run_id) {
  SQLite::Statement q(db_.sql(), "SELECT username, action, line FROM run_results WHERE run_id = ? ORDER BY seq");
  q.bind(1, run_id);
  std::vector<UserLine> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  return out;
}

std::int64_t HistoryStore::each_result(std::int64_t run_id, const ResultFilter& filter,
                                      const std::function<bool(const UserLine&)>& f) {
  std::string where = " FROM run_results WHERE run_id = ?1";
  if (!filter.action.empty())
    where += " AND action = ?2";
  else if (!filter.everyone)
    where += " AND action != 'unchanged'";
  if (!filter.username.empty()) where += " AND username = ?3 COLLATE NOCASE";
  auto bind = [&](SQLite::Statement& q) {
    q.bind(1, run_id);
    if (!filter.action.empty()) q.bind(2, filter.action);
    if (!filter.username.empty()) q.bind(3, filter.username);
  };
  SQLite::Statement q(db_.sql(), "SELECT username, action, line" + where + " ORDER BY seq");
  bind(q);
  while (q.executeStep())
    if (!f({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()})) break;
  SQLite::Statement count(db_.sql(), "SELECT COUNT(*)" + where);
  bind(count);
  count.executeStep();
  return count.getColumn(0).getInt64();
}

}  // namespace usersync
