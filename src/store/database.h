#pragma once
// The one SQLite file that holds staging, directory, plans and history. Opening it migrates the
// schema forward, or refuses a file written by a newer usersync (ninja's versioned logs).
#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

namespace usersync {

class Database {
 public:
  enum class Migration { commit, in_caller_transaction };
  /// Opens or creates `path` (":memory:" for tests) and migrates it to the current schema in a
  /// transaction of its own; with `in_caller_transaction`, the caller calls migrate_uncommitted()
  /// inside its own transaction (validate, which rolls everything back).
  explicit Database(const std::string& path, Migration migration = Migration::commit);
  /// Runs the missing migrations inside the caller's transaction (or refuses a newer schema).
  void migrate_uncommitted();
  SQLite::Database& sql() { return *db_; }
  int schema_version();
  static int current_schema_version();

  std::string meta(const std::string& key, const std::string& fallback = "");
  void set_meta(const std::string& key, const std::string& value);

 private:
  void migrate();
  int checked_version();  // the schema version, refusing a newer one
  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
};

}  // namespace usersync
