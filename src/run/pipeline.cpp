#include "pipeline.h"

#include <SQLiteCpp/Statement.h>

#include <unordered_map>

#include "directory_reader.h"
#include "drift.h"
#include "guards.h"
#include "importers/registry.h"
#include "interrupt.h"
#include "model/checksum.h"
#include "model/text.h"
#include "reconcile/reconciler.h"
#include "rules/mapping.h"
#include "store/conflict_store.h"
#include "store/directory_store.h"
#include "store/plan_store.h"
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
    if ((++count_ & 0x3FF) == 0) stop_if_interrupted();
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
  std::uint64_t count_ = 0;
};

/// Imports kept per source: the newest, and the ones before it for comparisons.
constexpr int kImportsKept = 3;

}  // namespace

Refresh refresh_directory(Database& db, const Config& cfg, Timestamp now, const TargetSnapshot* target) {
  Refresh out;
  if (!target && cfg.directory.path.empty()) return out;
  DirectoryStore directory(db);
  auto fingerprint = target ? target->fingerprint : cfg.directory_fingerprint();
  if (fingerprint == directory.export_checksum()) return out;
  auto exported = target ? target->state : read_directory(cfg);
  // Every plan applied since the last refresh: this export is the first to show their effect.
  PlanStore plans(db);
  const auto checked = std::stoll(db.meta("drift_checked_plan", "0"));
  std::vector<Change> applied;
  std::int64_t run_id = 0;
  for (auto& p : plans.applied_after(checked)) {
    if (!p.changes.empty()) run_id = p.run_id;
    std::move(p.changes.begin(), p.changes.end(), std::back_inserter(applied));
  }
  auto users = drifted_users(applied, exported);
  if (!users.empty()) {
    constexpr std::size_t kNamed = 20;
    out.drift = Drift{run_id, target != nullptr, static_cast<std::int64_t>(users.size()), {}};
    users.resize(std::min(users.size(), kNamed));
    out.drift->users = std::move(users);
  }
  db.set_meta("drift_checked_plan", std::to_string(plans.newest_id()));
  directory.replace_from_export(exported, fingerprint, now);
  out.refreshed = true;
  return out;
}

void import_sources(Database& db, const Config& cfg, Timestamp now, ImportResult& out, const std::string& only,
                    bool allow_mass_changes) {
  StagingStore staging(db);
  bool found = only.empty();
  for (const auto& s : cfg.sources) {
    if (!only.empty() && s.spec.name != only) continue;
    found = true;
    stop_if_interrupted();
    // An unchanged file staged with an unchanged mapping would stage the same records again.
    auto fingerprint = cfg.mapping_fingerprint(s);
    auto latest = staging.latest_import(s.spec.name);
    if (latest && latest->mapping == fingerprint && latest->checksum == file_sha256(s.spec.path)) {
      out.sources.push_back({s.spec.name, s.spec.format, s.path_as_written, latest->records, latest->checksum,
                             latest->encoding, latest->delimiter, true});
      continue;  // it passed the source guards (or was let through) when it was first read
    }
    auto importer = find_importer(s.spec.format)->create();
    auto id = staging.begin_import(s.spec.name, s.spec.format, s.path_as_written, now);
    StagingSink sink(staging, s, cfg, id);
    auto stats = importer->read(s.spec, sink);
    staging.finish_import({id, s.spec.name, s.spec.format, s.path_as_written, stats.checksum, stats.records,
                           stats.encoding, stats.delimiter, now.iso(), fingerprint});
    out.sources.push_back({s.spec.name, s.spec.format, s.path_as_written, stats.records, stats.checksum, stats.encoding,
                           stats.delimiter});
    auto before = staging.latest_import(s.spec.name, id);
    auto previous = before ? std::optional(before->records) : std::nullopt;
    for (auto& f : source_guards(s, stats.records, previous, cfg.guards, allow_mass_changes))
      out.guards.push_back(std::move(f));
    staging.prune(s.spec.name, kImportsKept);
  }
  if (!found) {
    std::vector<std::string> names;
    for (const auto& s : cfg.sources) names.push_back(s.spec.name);
    throw UsageError("no source named '" + only + "' in " + cfg.file + "; sources: " + join(names, ", "));
  }
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
  auto plan = reconcile(directory.load(), std::move(users), options, now);
  directory.attach_remote_ids(plan.changes);
  return plan;
}

RunSummary base_summary(Database& db, const Config& cfg, const std::string& mode, Timestamp now) {
  RunSummary s;
  s.mode = mode;
  s.now = now.iso();
  s.directory_export = cfg.directory.path_as_written;
  if (cfg.target.remote()) s.target = cfg.target.type + " " + cfg.target.scim.url;
  DirectoryStore directory(db);
  s.directory_checksum = directory.export_checksum();
  s.directory_users = directory.user_count();
  s.directory_groups = directory.group_count();
  return s;
}

std::vector<HeldBack> held_back_counts(std::int64_t errors, std::int64_t conflicts) {
  std::vector<HeldBack> out;
  if (errors)
    out.push_back({"user_errors",
                   errors,
                   std::to_string(errors) + (errors == 1 ? " user was" : " users were") +
                       " held back by errors and left as they are",
                   {}});
  if (conflicts)
    out.push_back({"group_conflicts",
                   conflicts,
                   std::to_string(conflicts) +
                       " group conflict(s) were not synced and wait for a decision: usersync conflicts list",
                   {}});
  return out;
}

std::vector<HeldBack> held_back(Database& db, const Config& cfg, const std::vector<UserResult>& results,
                                std::size_t conflicts) {
  constexpr std::size_t kExamples = 5;
  std::int64_t errors = 0;
  std::vector<std::string> examples;
  StagingStore staging(db);
  for (const auto& r : results) {
    if (r.action != "error") continue;
    ++errors;
    if (examples.size() >= kExamples) continue;
    // Locate the user's record: source file and line, from the newest import of its source.
    std::string where;
    for (const auto& ref : r.sources) {
      const std::string& source = ref.first;
      const std::string& record_id = ref.second;
      auto s =
          std::find_if(cfg.sources.begin(), cfg.sources.end(), [&](const auto& c) { return c.spec.name == source; });
      auto import = staging.latest_import(source);
      auto line = import ? staging.record_line(import->id, record_id) : std::nullopt;
      where += (where.empty() ? "" : ", ") + (s == cfg.sources.end() ? source : s->path_as_written) +
               (line ? ":" + std::to_string(*line) : "") + " (record " + record_id + ")";
    }
    examples.push_back((where.empty() ? r.username : where + ": " + r.username) + ": " + join(r.errors, "; "));
  }
  auto out = held_back_counts(errors, static_cast<std::int64_t>(conflicts));
  if (errors) out.front().examples = std::move(examples);
  return out;
}

}  // namespace usersync
