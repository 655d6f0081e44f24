#include "correction_store.h"

#include <SQLiteCpp/Statement.h>

#include "codec.h"
#include "model/text.h"

namespace usersync {

namespace {

constexpr const char* kColumns =
    "id, username, kind, attribute, exported, baseline, value, note, made_by, created_at, expires, state, "
    "source_now, export_id";

Correction from_row(SQLite::Statement& q) {
  Correction c;
  c.id = q.getColumn(0).getInt64();
  c.username = q.getColumn(1).getString();
  c.kind = correction_kind_from(q.getColumn(2).getString()).value_or(CorrectionKind::set);
  c.attribute = q.getColumn(3).getString();
  c.exported = optional_text(q.getColumn(4));
  c.baseline = optional_text(q.getColumn(5));
  c.value = q.getColumn(6).getString();
  c.note = q.getColumn(7).getString();
  c.by = q.getColumn(8).getString();
  c.created_at = q.getColumn(9).getString();
  c.expires = q.getColumn(10).getString();
  c.state = q.getColumn(11).getString();
  c.source_now = optional_text(q.getColumn(12));
  c.export_id = q.getColumn(13).getInt64();
  return c;
}

}  // namespace

std::string correction_target_key(const Correction& c) {
  switch (c.kind) {
    case CorrectionKind::set:
      return "set:" + c.attribute;
    case CorrectionKind::deprovision:
      return "set:active";  // a deleted row and an `active` cell correct the same value
    case CorrectionKind::group_add:
    case CorrectionKind::group_remove:
      return "group:" + fold_case(c.attribute);
    default:
      return "row";
  }
}

std::vector<std::int64_t> CorrectionStore::add(const std::vector<Correction>& corrections) {
  SQLite::Statement replace(db_.sql(),
                            "UPDATE corrections SET state = 'replaced' WHERE username_key = ? AND target_key = ? AND "
                            "state IN ('active', 'conflict')");
  SQLite::Statement insert(
      db_.sql(),
      "INSERT INTO corrections(username, username_key, kind, attribute, target_key, exported, baseline, value, note, "
      "made_by, created_at, expires, state, export_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'active',?)");
  std::vector<std::int64_t> ids;
  for (const auto& c : corrections) {
    auto key = fold_case(c.username);
    auto target = correction_target_key(c);
    replace.reset();
    replace.bind(1, key);
    replace.bind(2, target);
    replace.exec();
    insert.reset();
    insert.bind(1, c.username);
    insert.bind(2, key);
    insert.bind(3, std::string(to_string(c.kind)));
    insert.bind(4, c.attribute);
    insert.bind(5, target);
    bind_optional(insert, 6, c.exported);
    bind_optional(insert, 7, c.baseline);
    insert.bind(8, c.value);
    insert.bind(9, c.note);
    insert.bind(10, c.by);
    insert.bind(11, c.created_at);
    insert.bind(12, c.expires);
    insert.bind(13, c.export_id);
    insert.exec();
    ids.push_back(db_.sql().getLastInsertRowid());
  }
  return ids;
}

std::vector<Correction> CorrectionStore::list(bool all) {
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kColumns + " FROM corrections" +
                                     (all ? "" : " WHERE state IN ('active', 'conflict')") + " ORDER BY id");
  std::vector<Correction> out;
  while (q.executeStep()) out.push_back(from_row(q));
  return out;
}

std::vector<Correction> CorrectionStore::in_force() { return list(false); }

std::optional<Correction> CorrectionStore::find(std::int64_t id) {
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kColumns + " FROM corrections WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return from_row(q);
}

void CorrectionStore::record(const std::vector<CorrectionOutcome>& outcomes) {
  SQLite::Statement q(db_.sql(),
                      "UPDATE corrections SET state = ?, source_now = ? WHERE id = ? AND state IN ('active', "
                      "'conflict')");
  for (const auto& o : outcomes) {
    if (o.state != "conflict" && o.state != "applied") continue;
    q.reset();
    q.bind(1, o.state == "conflict" ? "conflict" : "active");
    bind_optional(q, 2, o.state == "conflict" ? o.source_now : std::nullopt);
    q.bind(3, o.id);
    q.exec();
  }
}

void CorrectionStore::drop(std::int64_t id, Timestamp now) {
  SQLite::Statement q(db_.sql(), "UPDATE corrections SET state = 'dropped', decided_at = ? WHERE id = ?");
  q.bind(1, now.iso());
  q.bind(2, id);
  q.exec();
}

void CorrectionStore::keep(std::int64_t id, Timestamp now) {
  SQLite::Statement q(db_.sql(),
                      "UPDATE corrections SET state = 'active', baseline = source_now, source_now = NULL, "
                      "decided_at = ? WHERE id = ? AND state = 'conflict'");
  q.bind(1, now.iso());
  q.bind(2, id);
  q.exec();
}

std::int64_t CorrectionStore::save_export(const SheetExport& e, const std::vector<ExportRow>& rows) {
  SQLite::Statement head(db_.sql(), "INSERT INTO sheet_exports(created_at, checksum, columns) VALUES(?,?,?)");
  head.bind(1, e.created_at);
  head.bind(2, e.checksum);
  head.bind(3, strings_to_json(e.columns));
  head.exec();
  auto id = db_.sql().getLastInsertRowid();
  SQLite::Statement row(db_.sql(),
                        "INSERT INTO sheet_export_rows(export_id, row_key, username, shown, baseline) VALUES(?,?,?,?,?)");
  for (const auto& r : rows) {
    row.reset();
    row.bind(1, id);
    row.bind(2, r.row_key);
    row.bind(3, r.username);
    row.bind(4, r.shown);
    row.bind(5, r.baseline);
    row.exec();
  }
  return id;
}

std::optional<SheetExport> CorrectionStore::load_export(std::int64_t id) {
  SQLite::Statement q(db_.sql(),
                      "SELECT id, created_at, checksum, columns, imported_at FROM sheet_exports WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return SheetExport{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     strings_from_json(q.getColumn(3).getString()), q.getColumn(4).getString()};
}

void CorrectionStore::mark_imported(std::int64_t id, Timestamp now) {
  SQLite::Statement q(db_.sql(), "UPDATE sheet_exports SET imported_at = ? WHERE id = ?");
  q.bind(1, now.iso());
  q.bind(2, id);
  q.exec();
}

std::optional<std::int64_t> CorrectionStore::newest_export() {
  SQLite::Statement q(db_.sql(), "SELECT max(id) FROM sheet_exports");
  if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::vector<ExportRow> CorrectionStore::export_rows(std::int64_t id) {
  SQLite::Statement q(db_.sql(),
                      "SELECT row_key, username, shown, baseline FROM sheet_export_rows WHERE export_id = ? ORDER BY "
                      "row_key");
  q.bind(1, id);
  std::vector<ExportRow> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString()});
  return out;
}

}  // namespace usersync
