#pragma once
// The one interface every source format implements. An importer streams typed records (users,
// groups, memberships) to a sink and knows nothing of mapping, staging or the CLI.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/record.h"

namespace usersync {

/// How to read one source: what the config says about it, format options included.
struct SourceSpec {
  std::string name;
  std::string format;
  std::string path;                // as resolved: a file, a folder or a glob
  std::optional<char> delimiter;   // CSV: detected when unset
  std::string encoding = "auto";   // CSV: auto, utf-8, utf-16le, utf-16be
  bool lenient_quotes = false;     // CSV: keep a quote inside an unquoted field as text
  /// The format's own options (registry.h declares them per format), each as a list of strings
  /// (a single value is a list of one), checked by the config and part of the import fingerprint.
  std::map<std::string, std::vector<std::string>> options;
  std::vector<std::string> files;  // what `path` names, sorted (source_files.h); one for a file
  /// The fields the mapping reads, set by whoever reads the source: a spreadsheet's header row is
  /// the first row that names them all (when `header_row` is not set).
  std::vector<std::string> fields;

  /// An option's values, or `fallback` when the config does not set it.
  const std::vector<std::string>& option(const std::string& name, const std::vector<std::string>& fallback) const;
};

/// A group as a dump lists it. `id` is what memberships name it by.
struct GroupRecord {
  std::string id;
  std::string name;
  std::string file;
  std::int64_t line = 0;
  std::string pointer;  // JSON pointer in `file`, "" for text formats
};

/// What a member is, as the provider says: only user members count. A group inside a group is
/// sent too (member: the inner group's id), for the `nested_groups = "flatten"` option; other
/// members (devices, contacts) are only counted.
enum class MemberType { user, group, other };

/// "Member `member` is in group `group`". Either side may come before or after the record it names.
struct MembershipRecord {
  std::string group;   // the group's id (a GroupRecord's), or its name when `group_name` is set
  std::string member;  // the user's id (Record::id), or the value of `member_field`
  /// Empty: `member` is the user's id. Otherwise the user field whose value `member` is
  /// (OpenLDAP's memberUid names a user by `uid`).
  std::string member_field;
  MemberType type = MemberType::user;
  /// The group's name when the membership names a group no GroupRecord lists (AD's memberOf
  /// names its group by DN only).
  std::string group_name;
  std::string file;
  std::int64_t line = 0;
  std::string pointer;
};

struct ImportStats {
  std::int64_t records = 0;  // user records
  std::int64_t groups = 0;
  std::int64_t memberships = 0;     // of users
  std::int64_t other_members = 0;   // members that are neither users nor groups (devices, ...), ignored
  std::string checksum;   // "sha256:<hex>" of the file, or of every file of a folder or glob
  std::string encoding;   // as detected
  std::string delimiter;  // CSV: as detected or set
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  /// Called once, before the first record, when a format has one header for every record (CSV,
  /// a sheet); `where` is the header row.
  virtual void header(const Header& /*header*/, const SourceLocation& /*where*/) {}
  virtual void user(const Record& record) = 0;
  virtual void group(const GroupRecord& /*group*/) {}
  virtual void membership(const MembershipRecord& /*membership*/) {}
};

class Importer {
 public:
  virtual ~Importer() = default;
  /// Reads the whole source (every file of spec.files), handing each record to `sink`. Throws
  /// InputError with a location. Fills every count of ImportStats but `checksum`, which the
  /// caller computes over spec.files.
  virtual ImportStats read(const SourceSpec& spec, RecordSink& sink) = 0;
};

}  // namespace usersync
