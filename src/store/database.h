#pragma once
// The one SQLite file that holds staging, directory, plans and history. Opening it migrates the
// schema forward, or refuses a file written by a newer usersync (ninja's versioned logs).
#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>

namespace usersync {

class Database {
 public:
  /// Opens or creates `path` (":memory:" for tests) and migrates it to the current schema.
  explicit Database(const std::string& path);
  SQLite::Database& sql() { return *db_; }
  int schema_version();
  static int current_schema_version();

  std::string meta(const std::string& key, const std::string& fallback = "");
  void set_meta(const std::string& key, const std::string& value);

 private:
  void migrate();
  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
};

}  // namespace usersync
