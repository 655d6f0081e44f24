#pragma once
// summary.json: what a run read, decided and did.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/plan.h"

namespace usersync {

struct SourceSummary {
  std::string name;
  std::string format;
  std::string path;  // as the config wrote it, so summaries do not depend on where files live
  std::int64_t records = 0;
  std::string checksum;
  std::string encoding;
  std::string delimiter;
  bool unchanged = false;  // the file and mapping were as at the last import, which was reused
  std::int64_t groups = 0;           // dumps: groups listed
  std::int64_t memberships = 0;      // dumps: user memberships read
  std::int64_t ignored_members = 0;  // dumps: members that are not users of the dump (or of unlisted groups)
  std::int64_t files = 1;            // files read (a folder or a glob may name many)
  bool dump = false;  // a format with groups and memberships: the four counts above are reported
};

struct RunSummary {
  std::int64_t run_id = 0;
  std::string mode;
  std::string now;
  std::string status;
  std::int64_t plan_id = 0;
  std::string usersync_version;
  std::string config_checksum;       // SHA-256 of the config file; with the version, the effective config
  std::vector<std::string> options;  // command-line options that changed behaviour, as given
  std::vector<SourceSummary> sources;
  std::string directory_export;  // path as configured, or ""
  std::string directory_checksum;
  std::int64_t directory_users = 0;
  std::int64_t directory_groups = 0;
  std::string target;  // a remote target ("scim https://host/scim/v2"); "" for the embedded directory
  std::map<std::string, std::int64_t> changes;
  /// A push to a remote target: changes applied, failed, skipped (a change they depend on
  /// failed) and not_sent (the push stopped first). Empty for the embedded directory.
  std::map<std::string, std::int64_t> outcomes;
  std::map<std::string, std::int64_t> actions;
  std::vector<GuardFigure> guards;
  std::vector<HeldBack> held_back;
  std::optional<Drift> drift;         // the export shows otherwise than the last apply left it
  std::vector<std::string> messages;  // guard refusals and warnings
  std::vector<GroupConflict> conflicts;
  /// Users simply in sync that this report counts but does not list: history keeps their counts,
  /// not their lines (#11), so an apply of a stored plan and `report RUN` cannot list them. Not
  /// written to summary.json, which stays byte-identical to the run's own.
  std::int64_t users_not_listed = 0;
};

std::string summary_json(const RunSummary& summary);
/// The per-change-type counts as a compact JSON object, for the history table.
/// "12 users differ from what run 7 applied: was its change file carried out?"
std::string drift_message(const Drift& drift);
std::string counts_json(const std::map<std::string, std::int64_t>& counts);
/// "12 users simply in sync (…) are in the counts but not listed: …", for every format that lists users.
std::string users_not_listed_note(std::int64_t n);

}  // namespace usersync
