#include "output.h"

#include <iomanip>
#include <nlohmann/json.hpp>

#include "model/plan.h"

namespace usersync {

std::string json_quote(const std::string& text) { return nlohmann::json(text).dump(); }

void print_run(std::ostream& out, const RunSummary& s, const ReportFiles& files, bool json) {
  if (json) {
    out << "{\"summary\": " << summary_json(s) << ", \"reports\": {\"summary\": " << json_quote(files.summary.string())
        << ", \"users\": " << json_quote(files.users.string()) << "}}\n";
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
  out << "\n  directory: " << s.directory_users << " users, " << s.directory_groups << " groups\n";
  for (const auto& m : s.messages) out << "  note: " << m << "\n";
  out << "\nreports: " << files.summary.string() << "\n         " << files.users.string() << "\n";
}

void print_history(std::ostream& out, const std::vector<RunInfo>& runs, bool json) {
  if (json) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& r : runs)
      a.push_back({{"run_id", r.id},
                   {"mode", r.mode},
                   {"run_at", r.run_at},
                   {"status", r.status},
                   {"plan_id", r.plan_id ? nlohmann::ordered_json(r.plan_id) : nlohmann::ordered_json(nullptr)},
                   {"changes", nlohmann::ordered_json::parse(r.counts)}});
    out << a.dump(2) << "\n";
    return;
  }
  if (runs.empty()) {
    out << "no runs yet\n";
    return;
  }
  const char* cols[] = {"user_create", "user_update",    "user_deactivate",  "user_reactivate",
                        "user_delete", "membership_add", "membership_remove"};
  const char* heads[] = {"create", "update", "deact", "react", "delete", "+member", "-member"};
  out << std::left << std::setw(6) << "run" << std::setw(7) << "mode" << std::setw(22) << "time" << std::setw(12)
      << "status" << std::setw(6) << "plan" << std::right;
  for (const char* h : heads) out << std::setw(9) << h;
  out << "\n";
  for (const auto& r : runs) {
    auto counts = nlohmann::json::parse(r.counts);
    out << std::left << std::setw(6) << r.id << std::setw(7) << r.mode << std::setw(22) << r.run_at << std::setw(12)
        << r.status << std::setw(6) << (r.plan_id ? std::to_string(r.plan_id) : "-") << std::right;
    for (const char* c : cols) out << std::setw(9) << counts.value(c, 0);
    out << "\n";
  }
}

}  // namespace usersync
