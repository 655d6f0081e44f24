#include "staging_store.h"

#include <SQLiteCpp/Statement.h>

#include <unordered_map>

#include "codec.h"
#include "packed_user.h"
#include "model/text.h"

namespace usersync {

std::int64_t StagingStore::begin_import(const std::string& source, const std::string& format, const std::string& path,
                                        Timestamp now) {
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO imports(source, format, path, checksum, records, imported_at) VALUES(?,?,?,'',0,?)");
  q.bind(1, source);
  q.bind(2, format);
  q.bind(3, path);
  q.bind(4, now.iso());
  q.exec();
  return db_.sql().getLastInsertRowid();
}

namespace {
/// The mapped user as a blob (packed_user.h); SQLite keeps a blob as is in the TEXT column.
void bind_packed(SQLite::Statement& q, int i, const SourceUser& user) {
  auto packed = pack_source_user(user);
  q.bind(i, packed.data(), static_cast<int>(packed.size()));
}
}  // namespace

SQLite::Statement& StagingStore::prepared(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
  // Prepared once per import: every row goes through the same statement.
  if (!slot) slot = std::make_unique<SQLite::Statement>(db_.sql(), sql);
  slot->reset();
  return *slot;
}

void StagingStore::add_record(std::int64_t import_id, const std::string& record_id, const Record& record,
                              const SourceUser& user) {
  // Only the mapped form: nothing reads a mapped record's fields again (a changed mapping reads
  // the file again), so a raw copy would double the staging for nothing.
  auto& insert =
      prepared(insert_, "INSERT INTO source_records(import_id, record_id, line, raw, mapped) VALUES(?,?,?,'',?)");
  insert.bind(1, import_id);
  insert.bind(2, record_id);
  insert.bind(3, record.line);
  bind_packed(insert, 4, user);
  insert.exec();
}

void StagingStore::add_unmapped(std::int64_t import_id, const Record& record, const std::string& match_ref) {
  auto& q = prepared(
      insert_unmapped_,
      "INSERT OR IGNORE INTO source_records(import_id, record_id, line, raw, mapped, file, pointer, match_ref) "
      "VALUES(?,?,?,?,'',?,?,?)");
  q.bind(1, import_id);
  q.bind(2, record.id);
  q.bind(3, record.line);
  q.bind(4, record_to_json(record));
  q.bind(5, record.file);
  q.bind(6, record.pointer);
  q.bind(7, match_ref);
  if (q.exec() == 0) {
    auto first = record_place(import_id, record.id);
    throw InputError(record.location("id"), "duplicate id '" + record.id +
                                                "': " + (first ? *first : "an earlier record") +
                                                " has it too; a dump lists each user once");
  }
}

void StagingStore::add_group(std::int64_t import_id, const StagedGroup& g) {
  auto& q = prepared(
      insert_group_,
      "INSERT OR IGNORE INTO source_groups(import_id, group_ref, name, file, line, pointer) VALUES(?,?,?,?,?,?)");
  q.bind(1, import_id);
  q.bind(2, g.ref);
  q.bind(3, g.name);
  q.bind(4, g.file);
  q.bind(5, g.line);
  q.bind(6, g.pointer);
  q.exec();
}

void StagingStore::add_membership(std::int64_t import_id, const StagedMembership& m) {
  auto& q = prepared(
      insert_membership_,
      "INSERT INTO source_memberships(import_id, group_ref, member_ref, member_field, member_type, group_name, file, "
      "line, pointer) VALUES(?,?,?,?,?,?,?,?,?)");
  q.bind(1, import_id);
  q.bind(2, m.group_ref);
  q.bind(3, m.member_ref);
  q.bind(4, m.member_field);
  q.bind(5, m.group_member ? "group" : "user");
  q.bind(6, m.group_name);
  q.bind(7, m.file);
  q.bind(8, m.line);
  q.bind(9, m.pointer);
  q.exec();
}

JoinCounts StagingStore::for_each_joined(std::int64_t import_id, bool flatten,
                                         const std::function<void(JoinedRecord&)>& each) {
  // The joined pairs go to a temporary table, sorted once, and are merged with the records read in
  // the same order: memory stays flat however large the dump.
  db_.sql().exec(
      "CREATE TEMP TABLE IF NOT EXISTS joined_groups(record_id TEXT NOT NULL, group_ref TEXT NOT NULL, "
      "name TEXT NOT NULL)");
  db_.sql().exec("DELETE FROM temp.joined_groups");
  std::int64_t joined = 0;
  {
    SQLite::Statement q(
        db_.sql(),
        "INSERT INTO temp.joined_groups SELECT r.record_id, m.group_ref, COALESCE(g.name, m.group_name) "
        "FROM source_memberships m "
        "JOIN source_records r ON r.import_id = m.import_id AND r.match_ref = m.member_ref "
        "  AND r.match_ref != '' "
        "LEFT JOIN source_groups g ON g.import_id = m.import_id AND g.group_ref = m.group_ref "
        "WHERE m.import_id = ? AND m.member_type = 'user' AND m.member_field = '' "
        "  AND COALESCE(g.name, m.group_name) != ''");
    q.bind(1, import_id);
    joined += q.exec();
  }
  // Members named by another field (OpenLDAP's memberUid is a uid): matched in memory, per field.
  std::vector<std::string> fields;
  {
    SQLite::Statement q(
        db_.sql(), "SELECT DISTINCT member_field FROM source_memberships WHERE import_id = ? AND member_field != ''");
    q.bind(1, import_id);
    while (q.executeStep()) fields.push_back(q.getColumn(0).getString());
  }
  for (const auto& field : fields) {
    std::unordered_map<std::string, std::string> by_value;  // field value -> record id; "" when two share it
    SQLite::Statement records(db_.sql(),
                              "SELECT record_id, raw FROM source_records WHERE import_id = ? AND match_ref != ''");
    records.bind(1, import_id);
    while (records.executeStep()) {
      Record r = record_from_json(records.getColumn(1).getString());
      const std::string* v = r.get(field);
      if (!v || v->empty() || r.list(field)) continue;
      auto [it, fresh] = by_value.emplace(*v, records.getColumn(0).getString());
      if (!fresh) it->second.clear();  // ambiguous: never guessed
    }
    SQLite::Statement members(
        db_.sql(),
        "SELECT m.member_ref, COALESCE(g.name, m.group_name), m.group_ref FROM source_memberships m "
        "LEFT JOIN source_groups g ON g.import_id = m.import_id AND g.group_ref = m.group_ref "
        "WHERE m.import_id = ? AND m.member_field = ?");
    members.bind(1, import_id);
    members.bind(2, field);
    SQLite::Statement add(db_.sql(), "INSERT INTO temp.joined_groups VALUES(?, ?, ?)");
    while (members.executeStep()) {
      auto it = by_value.find(members.getColumn(0).getString());
      std::string name = members.getColumn(1).isNull() ? "" : members.getColumn(1).getString();
      if (it == by_value.end() || it->second.empty() || name.empty()) continue;
      add.reset();
      add.bind(1, it->second);
      add.bind(2, members.getColumn(2).getString());
      add.bind(3, name);
      add.exec();
      ++joined;
    }
  }
  JoinCounts counts;
  {
    SQLite::Statement q(db_.sql(),
                        "SELECT COUNT(*) FROM (SELECT DISTINCT record_id, group_ref FROM temp.joined_groups)");
    q.executeStep();
    counts.memberships = q.getColumn(0).getInt64();
    SQLite::Statement g(db_.sql(), "SELECT COUNT(*) FROM source_groups WHERE import_id = ?");
    g.bind(1, import_id);
    g.executeStep();
    counts.groups = g.getColumn(0).getInt64();
  }
  if (flatten) {
    // Every group a user's groups are inside, at any depth: the nesting edges (members that are
    // groups, by type or because they name a group of this import), climbed with a recursive
    // query whose UNION ends cycles.
    SQLite::Statement q(
        db_.sql(),
        "WITH RECURSIVE edges(child, parent) AS ("
        "  SELECT m.member_ref, m.group_ref FROM source_memberships m WHERE m.import_id = ?1 AND m.member_field = '' "
        "  AND (m.member_type = 'group' OR EXISTS (SELECT 1 FROM source_groups g "
        "       WHERE g.import_id = ?1 AND g.group_ref = m.member_ref))), "
        "up(child, ancestor) AS (SELECT child, parent FROM edges "
        "  UNION SELECT up.child, edges.parent FROM up JOIN edges ON edges.child = up.ancestor) "
        "INSERT INTO temp.joined_groups SELECT DISTINCT j.record_id, up.ancestor, g.name "
        "FROM temp.joined_groups j JOIN up ON up.child = j.group_ref "
        "JOIN source_groups g ON g.import_id = ?1 AND g.group_ref = up.ancestor");
    q.bind(1, import_id);
    q.exec();
  }
  std::int64_t total = 0;
  {
    SQLite::Statement q(db_.sql(),
                        "SELECT COUNT(*) FROM source_memberships WHERE import_id = ? AND member_type = 'user'");
    q.bind(1, import_id);
    q.executeStep();
    total = q.getColumn(0).getInt64();
  }

  SQLite::Statement records(
      db_.sql(),
      "SELECT record_id, line, raw, file, pointer FROM source_records WHERE import_id = ? ORDER BY record_id");
  SQLite::Statement groups(db_.sql(), "SELECT record_id, name FROM temp.joined_groups ORDER BY record_id");
  records.bind(1, import_id);
  bool more_groups = groups.executeStep();
  while (records.executeStep()) {
    JoinedRecord j;
    j.record_id = records.getColumn(0).getString();
    j.record = record_from_json(records.getColumn(2).getString());
    j.record.line = records.getColumn(1).getInt64();
    j.record.file = records.getColumn(3).getString();
    j.record.pointer = records.getColumn(4).getString();
    j.record.id = j.record_id;
    std::vector<std::string> names;
    while (more_groups && groups.getColumn(0).getString() < j.record_id) more_groups = groups.executeStep();
    while (more_groups && groups.getColumn(0).getString() == j.record_id) {
      names.push_back(groups.getColumn(1).getString());
      more_groups = groups.executeStep();
    }
    sort_unique_folded(names);
    add_list_field(j.record, "@groups", std::move(names));
    each(j);
  }
  db_.sql().exec("DELETE FROM temp.joined_groups");
  counts.ignored = total - joined;
  return counts;
}

void StagingStore::set_mapped(std::int64_t import_id, const std::string& record_id, const SourceUser& user) {
  // The raw fields were needed only until the join; the mapped form replaces them.
  auto& q = prepared(update_mapped_,
                     "UPDATE source_records SET mapped = ?, raw = '' WHERE import_id = ? AND record_id = ?");
  bind_packed(q, 1, user);
  q.bind(2, import_id);
  q.bind(3, record_id);
  q.exec();
}

void StagingStore::finish_import(const ImportInfo& info) {
  SQLite::Statement q(db_.sql(),
                      "UPDATE imports SET checksum = ?, records = ?, encoding = ?, delimiter = ?, mapping = ?, "
                      "groups = ?, memberships = ?, ignored_members = ?, files = ? WHERE id = ?");
  q.bind(1, info.checksum);
  q.bind(2, info.records);
  q.bind(3, info.encoding);
  q.bind(4, info.delimiter);
  q.bind(5, info.mapping);
  q.bind(6, info.groups);
  q.bind(7, info.memberships);
  q.bind(8, info.ignored_members);
  q.bind(9, info.files);
  q.bind(10, info.id);
  q.exec();
}

std::optional<ImportInfo> StagingStore::latest_import(const std::string& source, std::int64_t except) {
  SQLite::Statement q(
      db_.sql(),
      "SELECT id, source, format, path, checksum, records, encoding, delimiter, imported_at, mapping, groups, "
      "memberships, ignored_members, files FROM imports WHERE source = ? AND id != ? ORDER BY id DESC LIMIT 1");
  q.bind(1, source);
  q.bind(2, except);
  if (!q.executeStep()) return std::nullopt;
  return ImportInfo{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                    q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64(),
                    q.getColumn(6).getString(), q.getColumn(7).getString(), q.getColumn(8).getString(),
                    q.getColumn(9).getString(), q.getColumn(10).getInt64(), q.getColumn(11).getInt64(),
                    q.getColumn(12).getInt64(), q.getColumn(13).getInt64()};
}

std::optional<std::string> StagingStore::record_place(std::int64_t import_id, const std::string& record_id) {
  SQLite::Statement q(db_.sql(),
                      "SELECT line, file, pointer FROM source_records WHERE import_id = ? AND record_id = ?");
  q.bind(1, import_id);
  q.bind(2, record_id);
  if (!q.executeStep()) return std::nullopt;
  std::string file = q.getColumn(1).getString(), pointer = q.getColumn(2).getString();
  auto line = q.getColumn(0).getInt64();
  if (!pointer.empty()) return file + "#" + pointer;
  if (file.empty()) return line ? std::optional(std::to_string(line)) : std::nullopt;
  return line ? file + ":" + std::to_string(line) : file;
}

std::vector<SourceUser> StagingStore::load_users(const ImportInfo& import, std::int32_t priority) {
  std::vector<SourceUser> users;
  users.reserve(static_cast<std::size_t>(import.records));
  SQLite::Statement q(db_.sql(),
                      "SELECT record_id, line, mapped FROM source_records WHERE import_id = ? ORDER BY record_id");
  q.bind(1, import.id);
  while (q.executeStep()) {
    auto mapped = q.getColumn(2);
    // Staged before the packed form (schema 6 and earlier): JSON text.
    auto u = mapped.isBlob() ? unpack_source_user({static_cast<const char*>(mapped.getBlob()),
                                                   static_cast<std::size_t>(mapped.getBytes())})
                             : source_user_from_json(mapped.getString());
    u.ref = SourceRef{import.source, q.getColumn(0).getString(), q.getColumn(1).getInt64()};
    u.priority = priority;
    users.push_back(std::move(u));
  }
  return users;
}

void StagingStore::prune(const std::string& source, int keep) {
  SQLite::Statement q(db_.sql(),
                      "DELETE FROM imports WHERE source = ? AND id NOT IN "
                      "(SELECT id FROM imports WHERE source = ? ORDER BY id DESC LIMIT ?)");
  q.bind(1, source);
  q.bind(2, source);
  q.bind(3, keep);
  q.exec();
  // Older imports stay as figures (the shrink guard compares record counts); only the newest is
  // ever read again, so their records, groups and memberships go.
  for (const char* table : {"source_records", "source_groups", "source_memberships"}) {
    SQLite::Statement drop(db_.sql(), std::string("DELETE FROM ") + table +
                                          " WHERE import_id IN (SELECT id FROM imports WHERE source = ?1 AND id < "
                                          "(SELECT MAX(id) FROM imports WHERE source = ?1))");
    drop.bind(1, source);
    drop.exec();
  }
}

}  // namespace usersync
