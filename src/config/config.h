#pragma once
// The TOML config as the rest of usersync sees it: paths resolved against the config's folder,
// templates compiled, every value checked with its file:line:col.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "importers/importer.h"
#include "reconcile/options.h"
#include "rules/mapping.h"
#include "rules/transform.h"
#include "target/scim_settings.h"

namespace usersync {

struct SourceConfig {
  SourceSpec spec;  // path resolved
  std::string path_as_written;
  std::int32_t priority = 1;          // lower wins
  std::string key;                    // the attribute that identifies a record of this source
  std::vector<MappingEntry> mapping;  // preset entries first, then the config's, in file order
  MappingOptions mapping_options;
  std::string preset;    // "" when none
  SourceLocation where;  // of the [[source]] table
  bool retiring = false;  // role = "retiring": an IdP people are moving away from
  /// attribute_priority: per attribute, a priority that overrides `priority`; null when none.
  std::shared_ptr<const std::map<std::string, std::int32_t>> attribute_priority;
  std::string crosswalk;  // resolved path of the crosswalk file; "" when none
  std::string crosswalk_as_written;
};

/// Safety guards checked before anything is applied.
struct Guards {
  std::int64_t max_deprovision = 500;          // deactivations + deletions in one run
  double max_deprovision_share = 0.20;         // of the directory's users…
  std::int64_t min_directory_for_share = 100;  // …once it has at least this many
  double max_source_shrink = 0.50;             // a source may lose at most this share of records
};

/// The application's directory export, read like a source: through the importer table and, when
/// it has a preset or mapping, the rule engine. Without one, the export is in usersync's own
/// columns (username, email, ..., groups) and any other column is an extra attribute.
struct DirectoryConfig {
  std::string path;  // resolved; empty when no export is configured
  std::string path_as_written;
  std::string format = "csv";
  std::string preset;                 // "" when none
  std::vector<MappingEntry> mapping;  // empty: usersync's own columns
  SourceLocation where;               // of the [directory] table
  std::vector<std::string> match_on{"external_id", "email", "username"};
  /// Extra attributes the config may use besides the built-in ones and the export's columns.
  std::vector<std::string> attributes;
  std::optional<char> delimiter;
  std::string encoding = "auto";
  bool lenient_quotes = false;  // keep a quote inside an unquoted field as text
  std::map<std::string, std::vector<std::string>> options;  // the format's own (registry.h)
  std::string group_separator = ";";

  bool mapped() const { return !mapping.empty(); }
  /// How to read the export, for the importer.
  SourceSpec spec() const;
};

/// Where a plan is carried out ([target]): the embedded directory, or a SCIM 2.0 service whose
/// users and groups are also read as the directory at the start of every run.
struct TargetConfig {
  std::string type = "embedded";  // embedded, scim
  ScimSettings scim;              // for type scim
  SourceLocation where;           // of the [target] table

  bool remote() const { return type != "embedded"; }
};

struct Config {
  std::string file;
  std::filesystem::path base_dir;
  std::string database;    // resolved
  std::string report_dir;  // resolved; empty: a folder per run beside the database
  /// report_formats: "json" (summary.json, users.jsonl, changes.csv, changes.scim.json) always,
  /// "xlsx" (audit.xlsx) and "html" (report.html) when listed. All three by default.
  std::vector<std::string> report_formats{"json", "xlsx", "html"};
  DirectoryConfig directory;
  TargetConfig target;
  std::vector<SourceConfig> sources;
  std::vector<TransformSpec> rules;         // [[rule]]
  std::map<std::string, NoMatch> no_match;  // [no_match]
  ReconcileOptions reconcile;               // groups, filters, protect, policies, switches
  Guards guards;
  bool strict = false;  // [run] strict: any per-user error refuses the whole run

  /// The compiled mapping of one source, rules included.
  Mapping mapping_for(const SourceConfig& source) const;
  /// A digest of everything that shapes how a source's records are staged (format options,
  /// mapping, rules, usersync's version): equal fingerprints and file checksums stage equal records.
  std::string mapping_fingerprint(const SourceConfig& source) const;
  /// The same for the directory export: its file checksum, and for a mapped export a digest of
  /// the checksum with its mapping, so that a changed mapping refreshes the directory too.
  std::string directory_fingerprint() const;
  /// The compiled mapping of the directory export (only when `directory.mapped()`).
  Mapping directory_mapping() const;
};

/// Why a list of report formats (config `report_formats`, `report --formats`) is not one; nullopt
/// when it is.
std::optional<std::string> report_formats_error(const std::vector<std::string>& formats);

/// Reads and checks a config file. Throws ConfigError naming file:line:col.
Config load_config(const std::string& path);

/// The fully commented starter config that `usersync init` writes.
const std::string& starter_config();
/// The same, with a source that starts from a preset (`usersync init --preset NAME`). Throws
/// UsageError for an unknown preset.
std::string starter_config(const std::string& preset);

}  // namespace usersync
