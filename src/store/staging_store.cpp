#include "staging_store.h"

#include <SQLiteCpp/Statement.h>

#include "codec.h"

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

void StagingStore::add_record(std::int64_t import_id, const std::string& record_id, const Record& record,
                              const SourceUser& user) {
  // Prepared once: an import inserts every row with the same statement.
  if (!insert_)
    insert_ = std::make_unique<SQLite::Statement>(
        db_.sql(), "INSERT INTO source_records(import_id, record_id, line, raw, mapped) VALUES(?,?,?,?,?)");
  auto& insert = insert_;
  insert->reset();
  insert->bind(1, import_id);
  insert->bind(2, record_id);
  insert->bind(3, record.line);
  insert->bind(4, record_to_json(record));
  insert->bind(5, source_user_to_json(user));
  insert->exec();
}

void StagingStore::finish_import(const ImportInfo& info) {
  SQLite::Statement q(
      db_.sql(), "UPDATE imports SET checksum = ?, records = ?, encoding = ?, delimiter = ?, mapping = ? WHERE id = ?");
  q.bind(1, info.checksum);
  q.bind(2, info.records);
  q.bind(3, info.encoding);
  q.bind(4, info.delimiter);
  q.bind(5, info.mapping);
  q.bind(6, info.id);
  q.exec();
}

std::optional<ImportInfo> StagingStore::latest_import(const std::string& source, std::int64_t except) {
  SQLite::Statement q(
      db_.sql(),
      "SELECT id, source, format, path, checksum, records, encoding, delimiter, imported_at, mapping FROM imports "
      "WHERE source = ? AND id != ? ORDER BY id DESC LIMIT 1");
  q.bind(1, source);
  q.bind(2, except);
  if (!q.executeStep()) return std::nullopt;
  return ImportInfo{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                    q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64(),
                    q.getColumn(6).getString(), q.getColumn(7).getString(), q.getColumn(8).getString(),
                    q.getColumn(9).getString()};
}

std::optional<std::int64_t> StagingStore::record_line(std::int64_t import_id, const std::string& record_id) {
  SQLite::Statement q(db_.sql(), "SELECT line FROM source_records WHERE import_id = ? AND record_id = ?");
  q.bind(1, import_id);
  q.bind(2, record_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::vector<SourceUser> StagingStore::load_users(const ImportInfo& import, std::int32_t priority) {
  std::vector<SourceUser> users;
  users.reserve(static_cast<std::size_t>(import.records));
  SQLite::Statement q(db_.sql(),
                      "SELECT record_id, line, mapped FROM source_records WHERE import_id = ? ORDER BY record_id");
  q.bind(1, import.id);
  while (q.executeStep()) {
    auto u = source_user_from_json(q.getColumn(2).getString());
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
}

}  // namespace usersync
