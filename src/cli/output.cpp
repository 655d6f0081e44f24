#include "output.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/plan.h"
#include "model/text.h"

namespace usersync {

namespace {
/// CSV: encoding and delimiter; a workbook: "xlsx"; a dump: its files, groups, memberships and
/// ignored members.
std::string source_details(const SourceSummary& s) {
  if (!s.dump) return s.delimiter.empty() ? s.encoding : s.encoding + ", " + s.delimiter;
  return std::to_string(s.files) + (s.files == 1 ? " file, " : " files, ") + std::to_string(s.groups) + " groups, " +
         std::to_string(s.memberships) + " memberships" +
         (s.ignored_members ? ", " + std::to_string(s.ignored_members) + " members not users of the dump, ignored" : "");
}
}  // namespace


std::string json_quote(const std::string& text) { return nlohmann::json(text).dump(); }

void print_run(std::ostream& out, const RunSummary& s, const ReportFiles& files, bool json) {
  if (json) {
    out << "{\"summary\": " << summary_json(s) << ", \"reports\": {\"summary\": " << json_quote(files.summary.string())
        << ", \"users\": " << json_quote(files.users.string());
    if (!files.changes.empty()) out << ", \"changes\": " << json_quote(files.changes.string());
    if (!files.changes_scim.empty()) out << ", \"changes_scim\": " << json_quote(files.changes_scim.string());
    if (!files.audit.empty()) out << ", \"audit\": " << json_quote(files.audit.string());
    if (!files.html.empty()) out << ", \"html\": " << json_quote(files.html.string());
    out << "}}\n";
    return;
  }
  out << "usersync " << s.mode << ": run " << s.run_id;
  if (s.plan_id) out << ", plan " << s.plan_id;
  out << ", " << s.status << " at " << s.now << "\n";
  if (!s.sources.empty()) {
    out << "\n  " << std::left << std::setw(16) << "source" << std::right << std::setw(9) << "records"
        << "  checksum\n";
    for (const auto& src : s.sources)
      out << "  " << std::left << std::setw(16) << src.name << std::right << std::setw(9) << src.records << "  "
          << src.checksum.substr(0, 19) << "\n";
  }
  out << "\n  " << std::left << std::setw(20) << "change" << std::right << std::setw(8) << "count\n";
  // In plan order, not alphabetical: the order in which apply carries changes out.
  std::int64_t total = 0;
  for (auto kind : all_change_kinds()) {
    auto it = s.changes.find(std::string(to_string(kind)));
    auto n = it == s.changes.end() ? 0 : it->second;
    out << "  " << std::left << std::setw(20) << to_string(kind) << std::right << std::setw(7) << n << "\n";
    total += n;
  }
  out << "  " << std::left << std::setw(20) << "total" << std::right << std::setw(7) << total << "\n\n  users:";
  bool first = true;
  for (const auto& action : all_actions()) {
    auto it = s.actions.find(action);
    out << (first ? " " : ", ") << (it == s.actions.end() ? 0 : it->second) << " " << action;
    first = false;
  }
  out << "\n  directory: " << s.directory_users << " users, " << s.directory_groups << " groups";
  if (!s.target.empty()) out << " (read from " << s.target << ")";
  out << "\n";
  if (!s.outcomes.empty()) {
    auto n = [&](const char* k) {
      auto it = s.outcomes.find(k);
      return it == s.outcomes.end() ? 0 : it->second;
    };
    out << "  pushed: " << n("applied") << " applied, " << n("failed") << " failed, " << n("skipped") << " skipped, "
        << n("not_sent") << " not sent\n";
  }
  for (const auto& m : s.messages) out << "  note: " << m << "\n";
  out << "\nreports: " << files.summary.string() << "\n         " << files.users.string() << "\n";
  if (!files.changes.empty()) out << "         " << files.changes.string() << "\n";
  if (!files.changes_scim.empty()) out << "         " << files.changes_scim.string() << "\n";
  if (!files.audit.empty()) out << "         " << files.audit.string() << "\n";
  if (!files.html.empty()) out << "         " << files.html.string() << "\n";
}

void print_import(std::ostream& out, const Config& cfg, const RunOutcome& o, bool json) {
  if (json) {
    out << "{\"directory_refreshed\": " << (o.directory_refreshed ? "true" : "false") << ", \"sources\": [";
    for (std::size_t i = 0; i < o.sources.size(); ++i)
      out << (i ? ", " : "") << "{\"name\": " << json_quote(o.sources[i].name)
          << ", \"records\": " << o.sources[i].records << ", \"checksum\": " << json_quote(o.sources[i].checksum)
          << "}";
    out << "]}\n";
    return;
  }
  if (o.directory_refreshed)
    out << "directory refreshed from "
        << (cfg.target.remote() ? cfg.target.type + " " + cfg.target.scim.url : cfg.directory.path_as_written) << "\n";
  for (const auto& src : o.sources)
    out << (src.unchanged ? "unchanged " : "imported ") << src.name << ": " << src.records << " records from "
        << src.path << " (" << source_details(src) << ")\n";
}

namespace {
std::string figure(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string verdict(const RunOutcome& o) {
  switch (o.code) {
    case ExitCode::ok:
      return "OK";
    case ExitCode::partial:
      return "OK, but a run would hold something back (exit 6)";
    case ExitCode::refused:
      return "a run would be refused by a guard (exit 4)";
    default:
      return "a run would fail (exit " + std::to_string(static_cast<int>(o.code)) + ")";
  }
}
}  // namespace

void print_validation(std::ostream& out, const Config& cfg, const std::string& database, const RunOutcome& o,
                      bool json) {
  if (json) {
    nlohmann::ordered_json j = {{"config", cfg.file},
                                {"valid", o.code == ExitCode::ok || o.code == ExitCode::partial},
                                {"exit_code", static_cast<int>(o.code)},
                                {"directory_users", o.summary->directory_users},
                                {"directory_groups", o.summary->directory_groups}};
    j["sources"] = nlohmann::ordered_json::array();
    for (const auto& s : o.sources) j["sources"].push_back({{"name", s.name}, {"records", s.records}});
    j["summary"] = nlohmann::ordered_json::parse(summary_json(*o.summary));
    out << j.dump() << "\n";
    return;
  }
  out << cfg.file << ": " << verdict(o) << "\n";
  out << "  database: " << database << "\n";
  if (!cfg.directory.path.empty())
    out << "  directory: " << cfg.directory.path_as_written << ": " << o.summary->directory_users << " users, "
        << o.summary->directory_groups << " groups\n";
  for (const auto& s : o.sources)
    out << "  source " << s.name << ": " << s.path << ": " << s.records << " records (" << source_details(s) << ")\n";
  {
    out << "  a run would make:";
    bool first = true;
    for (auto kind : all_change_kinds()) {
      auto it = o.summary->changes.find(std::string(to_string(kind)));
      if (it == o.summary->changes.end() || !it->second) continue;
      out << (first ? " " : ", ") << it->second << " " << to_string(kind);
      first = false;
    }
    out << (first ? " no changes\n" : "\n");
  }
  for (const auto& g : o.summary->guards)
    out << "  guard " << g.guard << (g.source.empty() ? "" : " (" + g.source + ")") << ": " << figure(g.measured)
        << (g.exceeded ? (g.guard == "empty_source" ? " below " : " exceeds ")
                       : (g.guard == "empty_source" ? " at least " : " within "))
        << figure(g.allowed) << " (" << g.detail << ")" << (g.overridden ? ", overridden by --allow-mass-changes" : "")
        << "\n";
  if (!o.summary->conflicts.empty())
    out << "  group conflicts a run would raise: " << o.summary->conflicts.size() << "\n";
}

void print_problems(std::ostream& err, const RunOutcome& o) {
  if (o.drift) {
    err << "usersync: warning: " << drift_message(*o.drift) << "\n  " << join(o.drift->users, ", ")
        << (o.drift->count > static_cast<std::int64_t>(o.drift->users.size()) ? ", ..." : "") << "\n";
  }
  for (const auto& h : o.held_back) {
    err << "usersync: warning: " << h.message << "\n";
    for (const auto& e : h.examples) err << "  " << e << "\n";
    if (h.count > static_cast<std::int64_t>(h.examples.size()) && !h.examples.empty())
      err << "  ... and " << h.count - static_cast<std::int64_t>(h.examples.size()) << " more (see users.jsonl)\n";
  }
  for (const auto& w : o.warnings) err << "usersync: warning: " << w << "\n";
  if (o.code != ExitCode::ok && o.code != ExitCode::partial) err << "usersync: error: " << o.message << "\n";
}

void print_history(std::ostream& out, const std::vector<RunInfo>& runs, bool json) {
  if (json) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& r : runs) {
      auto summary = nlohmann::ordered_json::parse(r.summary.empty() ? "{}" : r.summary);
      a.push_back({{"run_id", r.id},
                   {"mode", r.mode},
                   {"run_at", r.run_at},
                   {"status", r.status},
                   {"plan_id", r.plan_id ? nlohmann::ordered_json(r.plan_id) : nlohmann::ordered_json(nullptr)},
                   {"users", summary.value("actions", nlohmann::ordered_json::object())},
                   {"changes", nlohmann::ordered_json::parse(r.counts)},
                   {"messages", summary.value("messages", nlohmann::ordered_json::array())}});
    }
    out << a.dump(2) << "\n";
    return;
  }
  if (runs.empty()) {
    out << "no runs yet\n";
    return;
  }
  // Users (one per person, by what happened to them) and changes (one per attribute or
  // membership) are different counts: the headings say which is which.
  const char* actions[] = {"create", "update", "deactivate", "reactivate", "delete", "error"};
  const char* action_heads[] = {"created", "updated", "deactivated", "reactivated", "deleted", "errors"};
  const char* changes[] = {"user_update", "membership_add", "membership_remove"};
  const char* change_heads[] = {"attr-changes", "+members", "-members"};
  out << std::left << std::setw(6) << "" << std::setw(7) << "" << std::setw(22) << "" << std::setw(12) << ""
      << std::setw(6) << ""
      << "users" << std::string(6 * 12 - 5, ' ') << "changes\n";
  out << std::setw(6) << "run" << std::setw(7) << "mode" << std::setw(22) << "time" << std::setw(12) << "status"
      << std::setw(6) << "plan";
  for (const char* h : action_heads) out << std::setw(12) << h;
  for (const char* h : change_heads) out << std::setw(13) << h;
  out << "\n";
  for (const auto& r : runs) {
    auto counts = nlohmann::json::parse(r.counts);
    auto summary = nlohmann::json::parse(r.summary.empty() ? "{}" : r.summary);
    auto users = summary.value("actions", nlohmann::json::object());
    out << std::left << std::setw(6) << r.id << std::setw(7) << r.mode << std::setw(22) << r.run_at << std::setw(12)
        << r.status << std::setw(6) << (r.plan_id ? std::to_string(r.plan_id) : "-");
    for (const char* a : actions) out << std::setw(12) << users.value(a, 0);
    for (const char* c : changes) out << std::setw(13) << counts.value(c, 0);
    out << "\n";
    if (r.status == "refused" || r.status == "failed")
      for (const auto& m : summary.value("messages", std::vector<std::string>{}))
        if (m.rfind(r.status + ":", 0) == 0) out << "      " << m.substr(0, m.find('\n')) << "\n";
  }
}

}  // namespace usersync
