#pragma once
// Staging: what each source said at each import, record by record, with where it came from.
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "model/identity.h"
#include "model/record.h"
#include "model/timestamp.h"

namespace usersync {

struct ImportInfo {
  std::int64_t id = 0;
  std::string source;
  std::string format;
  std::string path;
  std::string checksum;
  std::int64_t records = 0;
  std::string encoding;
  std::string delimiter;
  std::string imported_at;
  std::string mapping;  // fingerprint of the mapping and rules the records were staged with
};

class StagingStore {
 public:
  explicit StagingStore(Database& db) : db_(db) {}

  std::int64_t begin_import(const std::string& source, const std::string& format, const std::string& path,
                            Timestamp now);
  void add_record(std::int64_t import_id, const std::string& record_id, const Record& record, const SourceUser& user);
  void finish_import(const ImportInfo& info);
  /// The newest import of `source`, skipping `except` (to compare a new import with the last one).
  std::optional<ImportInfo> latest_import(const std::string& source, std::int64_t except = 0);
  /// The mapped users of one import, in record-id order.
  std::vector<SourceUser> load_users(const ImportInfo& import, std::int32_t priority);
  /// The line where `record_id` of `import_id` starts in its file, or nullopt.
  std::optional<std::int64_t> record_line(std::int64_t import_id, const std::string& record_id);
  /// Keeps the newest `keep` imports of a source and drops older ones.
  void prune(const std::string& source, int keep);

 private:
  Database& db_;
  std::unique_ptr<SQLite::Statement> insert_;
};

}  // namespace usersync
