#pragma once
// Staging: what each source said at each import, record by record, with where it came from.
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <functional>
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
  std::int64_t groups = 0;
  std::int64_t memberships = 0;
  std::int64_t ignored_members = 0;  // not users of the dump, or in groups the dump does not list
  std::int64_t files = 1;
};

/// A dump's group or membership as staged: refs already in the form the join compares (folded
/// for formats whose ids compare case-insensitively, LDAP DNs).
struct StagedGroup {
  std::string ref;
  std::string name;
  std::string file;
  std::int64_t line = 0;
  std::string pointer;
};
struct StagedMembership {
  std::string group_ref;
  std::string member_ref;
  std::string member_field;
  bool group_member = false;  // the member is a group (a nested group), not a user
  std::string group_name;
  std::string file;
  std::int64_t line = 0;
  std::string pointer;
};

/// What a join found: the import's groups, its distinct direct user memberships, and the user
/// members it left out.
struct JoinCounts {
  std::int64_t groups = 0;
  std::int64_t memberships = 0;
  std::int64_t ignored = 0;
};

/// A staged user record with the names of the groups its memberships join it to.
struct JoinedRecord {
  std::string record_id;
  Record record;  // fields, file, line, pointer, id; `@groups` added as a list
};

class StagingStore {
 public:
  explicit StagingStore(Database& db) : db_(db) {}

  std::int64_t begin_import(const std::string& source, const std::string& format, const std::string& path,
                            Timestamp now);
  /// A record mapped as it was read (a format without memberships: CSV).
  void add_record(std::int64_t import_id, const std::string& record_id, const Record& record, const SourceUser& user);
  /// A dump's record, to be mapped after the join. `match_ref` is what memberships name it by.
  /// InputError when the import already has a record with this id.
  void add_unmapped(std::int64_t import_id, const Record& record, const std::string& match_ref);
  /// A dump's group; a second group with the same ref is the same group listed twice.
  void add_group(std::int64_t import_id, const StagedGroup& group);
  void add_membership(std::int64_t import_id, const StagedMembership& membership);
  /// Joins memberships to the records and groups of `import_id`, then hands each record, in
  /// record-id order, with `@groups` (the names of its groups) to `each`. With `flatten`, a
  /// member of a group inside another group (at any depth; cycles end) is a member of both; a
  /// member naming a group of the import (an LDAP member DN) counts as a nested group. Returns
  /// the user members left out: not records of this import, or of a group it neither lists nor
  /// names. Counted after the join, so a membership a dump lists twice (AD's memberOf and member)
  /// counts once.
  JoinCounts for_each_joined(std::int64_t import_id, bool flatten, const std::function<void(JoinedRecord&)>& each);
  /// Stores the mapped user of a record staged by add_unmapped.
  void set_mapped(std::int64_t import_id, const std::string& record_id, const SourceUser& user);
  void finish_import(const ImportInfo& info);
  /// The newest import of `source`, skipping `except` (to compare a new import with the last one).
  std::optional<ImportInfo> latest_import(const std::string& source, std::int64_t except = 0);
  /// The mapped users of one import, in record-id order.
  std::vector<SourceUser> load_users(const ImportInfo& import, std::int32_t priority);
  /// Where `record_id` of `import_id` is: "file:line", "file#/pointer", or nullopt.
  std::optional<std::string> record_place(std::int64_t import_id, const std::string& record_id);
  /// Keeps the newest `keep` imports of a source and drops older ones; of those kept, only the
  /// newest keeps its records (the others stay as counts for the shrink guard).
  void prune(const std::string& source, int keep);

 private:
  /// The statement in `slot`, prepared from `sql` on first use and reset for the next row.
  SQLite::Statement& prepared(std::unique_ptr<SQLite::Statement>& slot, const char* sql);

  Database& db_;
  std::unique_ptr<SQLite::Statement> insert_;
  std::unique_ptr<SQLite::Statement> insert_unmapped_;
  std::unique_ptr<SQLite::Statement> insert_group_;
  std::unique_ptr<SQLite::Statement> insert_membership_;
  std::unique_ptr<SQLite::Statement> update_mapped_;
};

}  // namespace usersync
