#include "pipeline.h"

#include <SQLiteCpp/Statement.h>

#include <unordered_map>

#include "crosswalk.h"
#include "directory_reader.h"
#include "drift.h"
#include "guards.h"
#include "importers/registry.h"
#include "importers/source_files.h"
#include "interrupt.h"
#include "progress.h"
#include "model/checksum.h"
#include "model/text.h"
#include "reconcile/reconciler.h"
#include "rules/mapping.h"
#include "store/conflict_store.h"
#include "store/correction_store.h"
#include "store/directory_store.h"
#include "store/plan_store.h"
#include "store/staging_store.h"

namespace usersync {

namespace {

/// Stages what an importer reads. A format without memberships (CSV) is mapped record by record
/// as it streams in; a dump's records are staged as read and mapped by map_joined() once every
/// membership is known, since a member list may come before or after the users it names.
class StagingSink : public RecordSink {
 public:
  StagingSink(StagingStore& staging, const SourceConfig& source, const Config& cfg, const ImporterInfo& format,
              std::int64_t import_id)
      : staging_(staging),
        source_(source),
        cfg_(cfg),
        format_(format),
        mapping_(cfg.mapping_for(source)),
        import_id_(import_id) {}

  void header(const Header& h, const SourceLocation& where) override { mapping_.check_fields(h, where, cfg_.file); }

  void user(const Record& rec) override {
    if ((++count_ & 0x3FF) == 0) safe_point();
    if (format_.memberships) {
      staging_.add_unmapped(import_id_, rec, ref(rec.id));
      return;
    }
    SourceUser user = mapping_.map(rec);
    staging_.add_record(import_id_, check_key(rec, user), rec, user);
  }

  void group(const GroupRecord& g) override {
    staging_.add_group(import_id_, StagedGroup{ref(g.id), g.name, g.file, g.line, g.pointer});
  }

  void membership(const MembershipRecord& m) override {
    if ((++count_ & 0x3FF) == 0) safe_point();
    // A member named by a field value (memberUid) is compared as written; ids as the format says.
    staging_.add_membership(import_id_,
                            StagedMembership{ref(m.group), m.member_field.empty() ? ref(m.member) : m.member,
                                             m.member_field, m.type == MemberType::group, m.group_name, m.file, m.line,
                                             m.pointer});
  }

  /// Maps every staged record of a dump with its groups joined.
  JoinCounts map_joined() {
    bool flatten = source_.spec.option("nested_groups", {"ignore"}).front() == "flatten";
    count_ = 0;
    step_ = "mapping " + source_.spec.name;
    auto counts = staging_.for_each_joined(import_id_, flatten, [&](JoinedRecord& j) {
      if ((++count_ & 0x3FF) == 0) safe_point();
      SourceUser user = mapping_.map(j.record);
      check_key(j.record, user);
      staging_.set_mapped(import_id_, j.record_id, user);
    });
    progress(step_, static_cast<std::int64_t>(count_), true);
    return counts;
  }

  /// Every 1,024 records or memberships: a signal stops the import here; a terminal sees the count.
  void safe_point() {
    stop_if_interrupted();
    progress(step_, static_cast<std::int64_t>(count_));
  }

  /// The import's records and memberships are read: the count so far is final.
  void read_done() { progress(step_, static_cast<std::int64_t>(count_), true); }

 private:
  std::string ref(const std::string& id) const { return format_.ids_ignore_case ? fold_case(id) : id; }

  /// The record's key, refusing an empty or repeated one (a unique key is what correlation needs).
  std::string check_key(const Record& rec, const SourceUser& user) {
    std::string key = source_.key == attr::username ? user.username : user.attrs.get(source_.key);
    auto where = rec.location(mapping_.field_of(source_.key));
    if (key.empty())
      throw InputError(where, "missing key: '" + source_.key + "' is empty, but it identifies the records of source '" +
                                  source_.spec.name + "'; expected a value");
    // What is kept per key is short (a line, or a dump record's id): a million keys stay small.
    auto [it, fresh] = keys_.emplace(fold_case(key), rec.id.empty() ? std::to_string(rec.line) : rec.id);
    if (!fresh) {
      auto other = rec.id.empty() ? std::optional((rec.sheet.empty() ? "line " : "row ") + it->second)
                                  : staging_.record_place(import_id_, it->second);
      throw InputError(where, "duplicate key: '" + key + "' (" + source_.key + ") is already used by " +
                                  other.value_or(it->second) + "; each record needs its own");
    }
    return key;
  }

  StagingStore& staging_;
  const SourceConfig& source_;
  const Config& cfg_;
  const ImporterInfo& format_;
  Mapping mapping_;
  std::int64_t import_id_;
  std::unordered_map<std::string, std::string> keys_;
  std::uint64_t count_ = 0;
  std::string step_ = "importing " + source_.spec.name;
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
    // An unchanged file (or folder) staged with an unchanged mapping would stage the same records again.
    const ImporterInfo& format = *find_importer(s.spec.format);
    SourceSpec spec = s.spec;
    spec.files = files_for_format(spec);
    spec.fields = cfg.mapping_for(s).fields();
    auto checksum = sources_checksum(spec.path, spec.files);
    auto fingerprint = cfg.mapping_fingerprint(s);
    auto latest = staging.latest_import(s.spec.name);
    if (latest && latest->mapping == fingerprint && latest->checksum == checksum) {
      out.sources.push_back({s.spec.name, s.spec.format, s.path_as_written, latest->records, latest->checksum,
                             latest->encoding, latest->delimiter, true, latest->groups, latest->memberships,
                             latest->ignored_members, latest->files, format.memberships});
      continue;  // it passed the source guards (or was let through) when it was first read
    }
    auto importer = format.create();
    auto id = staging.begin_import(s.spec.name, s.spec.format, s.path_as_written, now);
    StagingSink sink(staging, s, cfg, format, id);
    auto stats = importer->read(spec, sink);
    sink.read_done();
    std::int64_t ignored = stats.other_members;
    if (format.memberships) {
      auto joined = sink.map_joined();
      stats.groups = joined.groups;  // a group or membership listed twice counts once
      stats.memberships = joined.memberships;
      ignored += joined.ignored;
    }
    auto files = static_cast<std::int64_t>(spec.files.size());
    staging.finish_import({id, s.spec.name, s.spec.format, s.path_as_written, checksum, stats.records, stats.encoding,
                           stats.delimiter, now.iso(), fingerprint, stats.groups, stats.memberships, ignored, files});
    out.sources.push_back({s.spec.name, s.spec.format, s.path_as_written, stats.records, checksum, stats.encoding,
                           stats.delimiter, false, stats.groups, stats.memberships, ignored, files, format.memberships});
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

std::vector<SourceUser> load_staged_users(Database& db, const Config& cfg) {
  StagingStore staging(db);
  std::vector<SourceUser> users;
  for (const auto& s : cfg.sources) {
    auto latest = staging.latest_import(s.spec.name);
    if (!latest) throw InputError("source '" + s.spec.name + "' has never been imported; run usersync import first");
    auto part = staging.load_users(*latest, s.priority);
    std::optional<Crosswalk> crosswalk;
    if (!s.crosswalk.empty()) crosswalk = read_crosswalk(s.crosswalk);
    for (auto& u : part) {
      u.attribute_priority = s.attribute_priority;
      u.retiring = s.retiring;
      if (!crosswalk) continue;
      auto it = crosswalk->by_id.find(u.ref.record_id);
      if (it == crosswalk->by_id.end()) continue;
      u.crosswalk_attribute = crosswalk->attribute;
      u.crosswalk_value = it->second;
    }
    if (users.empty())
      users = std::move(part);  // the one source of most setups: a million records are not moved again
    else
      users.insert(users.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return users;
}

Plan compute_plan(Database& db, const Config& cfg, Timestamp now, const Switches& switches) {
  DirectoryStore directory(db);
  progress("planning: reading staged users", -1);
  auto users = load_staged_users(db, cfg);
  progress("planning: reading staged users", static_cast<std::int64_t>(users.size()), true);
  ReconcileOptions options = cfg.reconcile;
  options.switches = switches;
  ConflictStore conflicts(db);
  options.groups.accepted = conflicts.folded_names("accepted");
  options.groups.rejected = conflicts.folded_names("rejected");
  CorrectionStore corrections(db);
  options.corrections = corrections.in_force();
  progress("planning: reading the directory", -1);
  auto current = directory.load();
  progress("planning: deciding", -1);
  auto plan = reconcile(std::move(current), std::move(users), options, now);
  directory.attach_remote_ids(plan.changes);
  // A conflict found now waits for the admin; one whose source came back applies again.
  corrections.record(plan.corrections);
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

namespace {
std::optional<HeldBack> correction_conflicts(const std::vector<CorrectionOutcome>& corrections) {
  constexpr std::size_t kExamples = 5;
  HeldBack h{"correction_conflicts", 0, "", {}};
  for (const auto& c : corrections) {
    if (c.state != "conflict") continue;
    if (static_cast<std::size_t>(h.count++) >= kExamples) continue;
    auto said = [](const std::optional<std::string>& v) { return v ? "'" + *v + "'" : std::string("nothing"); };
    h.examples.push_back("correction " + std::to_string(c.id) + " (" + c.username + " " +
                         (c.attribute.empty() ? c.kind : c.attribute) + " -> '" + c.value + "'): the sources said " +
                         said(c.baseline) + " when it was made and say " + said(c.source_now) + " now");
  }
  if (!h.count) return std::nullopt;
  h.message = std::to_string(h.count) + " manual correction(s) conflict with a source that changed since the export " +
              "and are not applied: usersync corrections list, then keep ID or drop ID";
  return h;
}
}  // namespace

std::vector<HeldBack> held_back(Database& db, const Config& cfg, const std::vector<UserResult>& results,
                                std::size_t conflicts, const std::vector<CorrectionOutcome>& corrections) {
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
      auto place = import ? staging.record_place(import->id, record_id) : std::nullopt;
      std::string path = s == cfg.sources.end() ? source : s->path_as_written;
      // A CSV record knows its line only; a dump record its own file and place.
      std::string at = !place                                                  ? path
                       : std::isdigit(static_cast<unsigned char>(place->front())) ? path + ":" + *place
                                                                                  : *place;
      // Named as the config names the source, so a summary does not depend on where files live.
      if (s != cfg.sources.end() && at.compare(0, s->spec.path.size(), s->spec.path) == 0)
        at = s->path_as_written + at.substr(s->spec.path.size());
      where += (where.empty() ? "" : ", ") + at + " (record " + record_id + ")";
    }
    examples.push_back((where.empty() ? r.username : where + ": " + r.username) + ": " + join(r.errors, "; "));
  }
  auto out = held_back_counts(errors, static_cast<std::int64_t>(conflicts));
  if (errors) out.front().examples = std::move(examples);
  if (auto c = correction_conflicts(corrections)) out.push_back(std::move(*c));
  return out;
}

}  // namespace usersync
