#include "database.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "model/errors.h"
#include "schema.h"

namespace usersync {

Database::Database(const std::string& path, Migration migration) : path_(path) {
  try {
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->exec("PRAGMA foreign_keys = ON");
    // WAL keeps readers and a killed writer from corrupting anything; NORMAL sync is durable
    // against a killed process, which is what a batch tool must survive.
    if (path != ":memory:") db_->exec("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = NORMAL");
    // A run writes and reads back millions of index entries in random key order: with SQLite's
    // default 2 MB page cache, most of them become a system call to re-read a page. The bound
    // is measured (bench/RESULTS.md, a first sync of a million users): 16 MB 108 s, 64 MB 94 s
    // and 3.07 GB, 256 MB 99 s and 3.27 GB. A bound, not an allocation: a small database never
    // grows the cache past its own size.
    db_->exec("PRAGMA cache_size = -65536");
    db_->setBusyTimeout(5000);
  } catch (const SQLite::Exception& e) {
    throw InputError(path + ": cannot open the state database: " + e.what());
  }
  if (migration == Migration::commit) migrate();
}

int Database::current_schema_version() { return static_cast<int>(schema_migrations().size()); }

int Database::schema_version() { return db_->execAndGet("PRAGMA user_version").getInt(); }

int Database::checked_version() {
  int version = 0;
  try {
    version = schema_version();
  } catch (const SQLite::Exception& e) {
    throw InputError(path_ + ": not a usersync state database: " + e.what());
  }
  const int target = current_schema_version();
  if (version > target)
    throw InputError(path_ + ": the state database has schema version " + std::to_string(version) +
                     ", newer than this usersync understands (" + std::to_string(target) +
                     "); use a newer usersync or another database");
  return version;
}

void Database::migrate() {
  if (checked_version() == current_schema_version()) return;
  SQLite::Transaction tx(*db_);
  migrate_uncommitted();
  tx.commit();
}

void Database::migrate_uncommitted() {
  const int target = current_schema_version();
  for (int v = checked_version(); v < target; ++v)
    db_->exec(std::string(schema_migrations()[static_cast<std::size_t>(v)]));
  db_->exec("PRAGMA user_version = " + std::to_string(target));
}

std::string Database::meta(const std::string& key, const std::string& fallback) {
  SQLite::Statement q(*db_, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  return q.executeStep() ? q.getColumn(0).getString() : fallback;
}

void Database::set_meta(const std::string& key, const std::string& value) {
  SQLite::Statement q(
      *db_, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

}  // namespace usersync
