#include "conflict_store.h"

#include <SQLiteCpp/Statement.h>

#include "codec.h"
#include "model/text.h"

namespace usersync {

void ConflictStore::record(const std::vector<GroupConflict>& conflicts, Timestamp now) {
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO group_conflicts(name_key, name, status, first_seen, would_add, would_remove) "
                      "VALUES(?,?,'pending',?,?,?) ON CONFLICT(name_key) DO UPDATE SET would_add = excluded.would_add, "
                      "would_remove = excluded.would_remove");
  for (const auto& c : conflicts) {
    q.reset();
    q.bind(1, fold_case(c.group));
    q.bind(2, c.group);
    q.bind(3, now.iso());
    q.bind(4, strings_to_json(c.would_add));
    q.bind(5, strings_to_json(c.would_remove));
    q.exec();
  }
}

std::vector<ConflictInfo> ConflictStore::list() {
  SQLite::Statement q(db_.sql(),
                      "SELECT name, status, first_seen, COALESCE(decided_at, ''), would_add, would_remove "
                      "FROM group_conflicts ORDER BY name_key");
  std::vector<ConflictInfo> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), strings_from_json(q.getColumn(4).getString()),
                   strings_from_json(q.getColumn(5).getString())});
  return out;
}

int ConflictStore::decide(const std::string& name, const std::string& status, Timestamp now) {
  SQLite::Statement q(db_.sql(), name.empty()
                                     ? "UPDATE group_conflicts SET status = ?, decided_at = ? WHERE status = 'pending'"
                                     : "UPDATE group_conflicts SET status = ?, decided_at = ? WHERE name_key = ?");
  q.bind(1, status);
  q.bind(2, now.iso());
  if (!name.empty()) q.bind(3, fold_case(name));
  return q.exec();
}

std::set<std::string> ConflictStore::folded_names(const std::string& status) {
  SQLite::Statement q(db_.sql(), "SELECT name_key FROM group_conflicts WHERE status = ?");
  q.bind(1, status);
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

}  // namespace usersync
