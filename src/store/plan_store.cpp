#include "plan_store.h"

#include <SQLiteCpp/Statement.h>

#include "codec.h"

namespace usersync {


std::int64_t PlanStore::save(const Plan& plan, std::int64_t run_id, Timestamp now, std::int64_t directory_version,
                             const std::string& directory_checksum, const std::string& status) {
  SQLite::Statement p(db_.sql(),
                      "INSERT INTO plans(run_id, created_at, directory_version, directory_checksum, status, seen, "
                      "conflicts) VALUES(?,?,?,?,?,?,?)");
  p.bind(1, run_id);
  p.bind(2, now.iso());
  p.bind(3, directory_version);
  p.bind(4, directory_checksum);
  p.bind(5, status);
  p.bind(6, strings_to_json(plan.seen_in_source));
  p.bind(7, static_cast<std::int64_t>(plan.conflicts.size()));
  p.exec();
  auto id = db_.sql().getLastInsertRowid();
  SQLite::Statement c(db_.sql(),
                      "INSERT INTO plan_changes(plan_id, seq, kind, username, group_name, attribute, old_value, "
                      "new_value, attributes, reasons, user_ref, group_ref) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  std::int64_t seq = 0;
  for (const auto& ch : plan.changes) {
    c.reset();
    c.bind(1, id);
    c.bind(2, ++seq);
    c.bind(3, std::string(to_string(ch.kind)));
    c.bind(4, ch.username);
    c.bind(5, ch.group);
    c.bind(6, ch.attribute);
    bind_optional(c, 7, ch.from);
    bind_optional(c, 8, ch.to);
    c.bind(9, attributes_to_json(ch.attrs));
    c.bind(10, strings_to_json(ch.reasons));
    c.bind(11, ch.user_ref);
    c.bind(12, ch.group_ref);
    c.exec();
  }
  return id;
}

std::vector<StoredPlan> PlanStore::applied_after(std::int64_t after) {
  SQLite::Statement q(db_.sql(),
                      "SELECT id FROM plans WHERE status IN ('applied', 'partial', 'applying') AND id > ? ORDER BY id");
  q.bind(1, after);
  std::vector<std::int64_t> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  std::vector<StoredPlan> out;
  for (auto id : ids) {
    auto plan = *load(id);
    // A push records an outcome per change; only what the target took was applied.
    std::vector<Change> carried_out;
    for (std::size_t i = 0; i < plan.changes.size(); ++i)
      if (plan.outcomes[i].empty() || plan.outcomes[i] == "applied") carried_out.push_back(std::move(plan.changes[i]));
    plan.changes = std::move(carried_out);
    out.push_back(std::move(plan));
  }
  return out;
}

std::int64_t PlanStore::newest_pending_or_newest() {
  return db_.sql()
      .execAndGet(
          "SELECT COALESCE((SELECT max(id) FROM plans WHERE status = 'pending'), (SELECT max(id) FROM plans), 0)")
      .getInt64();
}

std::int64_t PlanStore::newest_id() {
  return db_.sql().execAndGet("SELECT COALESCE(max(id), 0) FROM plans").getInt64();
}

std::optional<StoredPlan> PlanStore::load(std::int64_t id) {
  SQLite::Statement p(db_.sql(),
                      id ? "SELECT id, run_id, created_at, directory_version, directory_checksum, status, seen, "
                           "conflicts FROM plans WHERE id = ?"
                         : "SELECT id, run_id, created_at, directory_version, directory_checksum, status, seen, "
                           "conflicts FROM plans ORDER BY id DESC LIMIT 1");
  if (id) p.bind(1, id);
  if (!p.executeStep()) return std::nullopt;
  StoredPlan plan{p.getColumn(0).getInt64(),
                  p.getColumn(1).getInt64(),
                  p.getColumn(2).getString(),
                  p.getColumn(3).getInt64(),
                  p.getColumn(4).getString(),
                  p.getColumn(5).getString(),
                  strings_from_json(p.getColumn(6).getString()),
                  {},
                  {},
                  p.getColumn(7).getInt64()};
  SQLite::Statement c(db_.sql(),
                      "SELECT kind, username, group_name, attribute, old_value, new_value, attributes, reasons, "
                      "outcome, user_ref, group_ref FROM plan_changes WHERE plan_id = ? ORDER BY seq");
  c.bind(1, plan.id);
  while (c.executeStep()) {
    Change ch;
    ch.kind = change_kind_from(c.getColumn(0).getString()).value_or(ChangeKind::user_update);
    ch.username = c.getColumn(1).getString();
    ch.group = c.getColumn(2).getString();
    ch.attribute = c.getColumn(3).getString();
    ch.from = optional_text(c.getColumn(4));
    ch.to = optional_text(c.getColumn(5));
    ch.attrs = attributes_from_json(c.getColumn(6).getString());
    ch.reasons = strings_from_json(c.getColumn(7).getString());
    ch.user_ref = c.getColumn(9).getString();
    ch.group_ref = c.getColumn(10).getString();
    plan.changes.push_back(std::move(ch));
    plan.outcomes.push_back(c.getColumn(8).getString());
  }
  return plan;
}

void PlanStore::record_outcome(std::int64_t plan_id, std::size_t index, const std::string& outcome,
                               std::int64_t http_status, const std::string& detail) {
  SQLite::Statement q(db_.sql(),
                      "UPDATE plan_changes SET outcome = ?, http_status = ?, outcome_detail = ? "
                      "WHERE plan_id = ? AND seq = ?");
  q.bind(1, outcome);
  q.bind(2, http_status);
  q.bind(3, detail);
  q.bind(4, plan_id);
  q.bind(5, static_cast<std::int64_t>(index + 1));
  q.exec();
}

std::vector<std::int64_t> PlanStore::ids_with_status(const std::string& status) {
  SQLite::Statement q(db_.sql(), "SELECT id FROM plans WHERE status = ? ORDER BY id");
  q.bind(1, status);
  std::vector<std::int64_t> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

void PlanStore::set_status(std::int64_t id, const std::string& status) {
  SQLite::Statement q(db_.sql(), "UPDATE plans SET status = ? WHERE id = ?");
  q.bind(1, status);
  q.bind(2, id);
  q.exec();
}

}  // namespace usersync
