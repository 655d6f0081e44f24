#include "pipeline.h"

#include <unordered_map>

#include "importers/directory_export.h"
#include "importers/registry.h"
#include "model/checksum.h"
#include "model/text.h"
#include "reconcile/reconciler.h"
#include "rules/mapping.h"
#include "store/conflict_store.h"
#include "store/directory_store.h"
#include "store/staging_store.h"

namespace usersync {

namespace {

/// Maps each record as it streams in and stores it, refusing records without a unique key.
class StagingSink : public RecordSink {
 public:
  StagingSink(StagingStore& staging, const SourceConfig& source, const Config& cfg, std::int64_t import_id)
      : staging_(staging), source_(source), cfg_(cfg), mapping_(cfg.mapping_for(source)), import_id_(import_id) {}

  void header(const Header& h) override { mapping_.check_fields(h, source_.spec.path, cfg_.file); }

  void record(const Record& rec) override {
    SourceUser user = mapping_.map(rec);
    std::string key = source_.key == attr::username ? user.username : user.attrs.get(source_.key);
    auto where = rec.location(mapping_.field_of(source_.key));
    if (key.empty())
      throw InputError(where, "missing key: '" + source_.key + "' is empty, but it identifies the records of source '" +
                                  source_.spec.name + "'; expected a value");
    auto [it, fresh] = keys_.emplace(fold_case(key), rec.line);
    if (!fresh)
      throw InputError(where, "duplicate key: '" + key + "' (" + source_.key + ") is already used by line " +
                                  std::to_string(it->second) + "; each record needs its own");
    staging_.add_record(import_id_, key, rec, user);
  }

 private:
  StagingStore& staging_;
  const SourceConfig& source_;
  const Config& cfg_;
  Mapping mapping_;
  std::int64_t import_id_;
  std::unordered_map<std::string, std::int64_t> keys_;
};

/// Imports kept per source: the newest, and the ones before it for comparisons.
constexpr int kImportsKept = 3;

/// An empty source, or one that lost too many records since its last import, would deactivate
/// people who are still there: refuse it before it is planned.
void check_source_size(StagingStore& staging, const SourceConfig& s, std::int64_t records, std::int64_t import_id,
                       const Guards& guards) {
  if (records == 0)
    throw RefusedError("source '" + s.spec.name + "' (" + s.path_as_written +
                       ") has no records; refusing to plan from an empty source. If that is right, run again with "
                       "--allow-mass-changes");
  auto previous = staging.latest_import(s.spec.name, import_id);
  if (!previous || previous->records == 0) return;
  double kept = static_cast<double>(records) / static_cast<double>(previous->records);
  if (1.0 - kept > guards.max_source_shrink)
    throw RefusedError("source '" + s.spec.name + "' (" + s.path_as_written + ") shrank from " +
                       std::to_string(previous->records) + " to " + std::to_string(records) + " records (" +
                       std::to_string(static_cast<int>((1.0 - kept) * 100 + 0.5)) + "% fewer; the guard allows " +
                       std::to_string(static_cast<int>(guards.max_source_shrink * 100 + 0.5)) +
                       "%); refusing to plan. If that is right, run again with --allow-mass-changes");
}

}  // namespace

bool refresh_directory(Database& db, const Config& cfg, Timestamp now) {
  if (cfg.directory.path.empty()) return false;
  DirectoryStore directory(db);
  auto checksum = file_sha256(cfg.directory.path);
  if (checksum == directory.export_checksum()) return false;
  auto state = read_directory_export(
      {cfg.directory.path, cfg.directory.delimiter, cfg.directory.encoding, cfg.directory.group_separator});
  directory.replace_from_export(state, checksum, now);
  return true;
}

std::vector<SourceSummary> import_sources(Database& db, const Config& cfg, Timestamp now, const std::string& only,
                                          bool allow_mass_changes) {
  StagingStore staging(db);
  std::vector<SourceSummary> out;
  bool found = only.empty();
  for (const auto& s : cfg.sources) {
    if (!only.empty() && s.spec.name != only) continue;
    found = true;
    // An unchanged file staged with an unchanged mapping would stage the same records again.
    auto fingerprint = cfg.mapping_fingerprint(s);
    auto latest = staging.latest_import(s.spec.name);
    if (latest && latest->mapping == fingerprint && latest->checksum == file_sha256(s.spec.path)) {
      out.push_back({s.spec.name, s.spec.format, s.path_as_written, latest->records, latest->checksum, latest->encoding,
                     latest->delimiter, true});
      continue;
    }
    auto importer = find_importer(s.spec.format)->create();
    auto id = staging.begin_import(s.spec.name, s.spec.format, s.path_as_written, now);
    StagingSink sink(staging, s, cfg, id);
    auto stats = importer->read(s.spec, sink);
    staging.finish_import({id, s.spec.name, s.spec.format, s.path_as_written, stats.checksum, stats.records,
                           stats.encoding, stats.delimiter, now.iso(), fingerprint});
    if (!allow_mass_changes) check_source_size(staging, s, stats.records, id, cfg.guards);
    staging.prune(s.spec.name, kImportsKept);
    out.push_back({s.spec.name, s.spec.format, s.path_as_written, stats.records, stats.checksum, stats.encoding,
                   stats.delimiter});
  }
  if (!found) {
    std::vector<std::string> names;
    for (const auto& s : cfg.sources) names.push_back(s.spec.name);
    throw UsageError("no source named '" + only + "' in " + cfg.file + "; sources: " + join(names, ", "));
  }
  return out;
}

Plan compute_plan(Database& db, const Config& cfg, Timestamp now, const Switches& switches) {
  StagingStore staging(db);
  DirectoryStore directory(db);
  std::vector<SourceUser> users;
  for (const auto& s : cfg.sources) {
    auto latest = staging.latest_import(s.spec.name);
    if (!latest) throw InputError("source '" + s.spec.name + "' has never been imported; run usersync import first");
    auto part = staging.load_users(*latest, s.priority);
    users.insert(users.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  ReconcileOptions options = cfg.reconcile;
  options.switches = switches;
  ConflictStore conflicts(db);
  options.groups.accepted = conflicts.folded_names("accepted");
  options.groups.rejected = conflicts.folded_names("rejected");
  return reconcile(directory.load(), std::move(users), options, now);
}

std::optional<std::string> deprovision_refusal(const Plan& plan, std::int64_t directory_users, const Guards& guards) {
  std::int64_t count = 0;
  for (const auto& c : plan.changes)
    if (c.kind == ChangeKind::user_deactivate || c.kind == ChangeKind::user_delete) ++count;
  if (count > guards.max_deprovision)
    return "the plan would deactivate or delete " + std::to_string(count) + " users, more than the guard allows (" +
           std::to_string(guards.max_deprovision) + "); review the reports and run again with --allow-mass-changes";
  if (directory_users >= guards.min_directory_for_share &&
      static_cast<double>(count) > guards.max_deprovision_share * static_cast<double>(directory_users))
    return "the plan would deactivate or delete " + std::to_string(count) + " of " + std::to_string(directory_users) +
           " users, more than " + std::to_string(static_cast<int>(guards.max_deprovision_share * 100 + 0.5)) +
           "% of the directory; review the reports and run again with --allow-mass-changes";
  return std::nullopt;
}

RunSummary base_summary(Database& db, const Config& cfg, const std::string& mode, Timestamp now) {
  RunSummary s;
  s.mode = mode;
  s.now = now.iso();
  s.directory_export = cfg.directory.path_as_written;
  DirectoryStore directory(db);
  s.directory_checksum = directory.export_checksum();
  s.directory_users = directory.user_count();
  s.directory_groups = directory.group_count();
  return s;
}

}  // namespace usersync
