#include "summary.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace usersync {

using ojson = nlohmann::ordered_json;

namespace {
ojson counts_object(const std::map<std::string, std::int64_t>& counts) {
  ojson j = ojson::object();
  for (const auto& [k, v] : counts) j[k] = v;
  return j;
}
/// Counts as integers, shares as they are: `7`, not `7.0`.
ojson number(double v) {
  auto whole = static_cast<std::int64_t>(v);
  return static_cast<double>(whole) == v ? ojson(whole) : ojson(v);
}
}  // namespace

std::string summary_json(const RunSummary& s) {
  ojson j = ojson::object();
  j["run_id"] = s.run_id;
  j["mode"] = s.mode;
  j["now"] = s.now;
  j["status"] = s.status;
  j["plan_id"] = s.plan_id ? ojson(s.plan_id) : ojson(nullptr);
  j["usersync_version"] = s.usersync_version;
  j["config_checksum"] = s.config_checksum;
  j["options"] = s.options;
  ojson sources = ojson::array();
  for (const auto& src : s.sources) {
    sources.push_back({{"name", src.name},
                       {"format", src.format},
                       {"path", src.path},
                       {"records", src.records},
                       {"checksum", src.checksum},
                       {"encoding", src.encoding},
                       {"delimiter", src.delimiter}});
    // Only dumps add these, so a CSV run's summary keeps its bytes.
    if (src.dump) {
      auto& d = sources.back();
      d["files"] = src.files;
      d["groups"] = src.groups;
      d["memberships"] = src.memberships;
      d["ignored_members"] = src.ignored_members;
    }
  }
  j["sources"] = sources;
  j["directory"] = {{"export", s.directory_export.empty() ? ojson(nullptr) : ojson(s.directory_export)},
                    {"export_checksum", s.directory_checksum.empty() ? ojson(nullptr) : ojson(s.directory_checksum)},
                    {"users", s.directory_users},
                    {"groups", s.directory_groups}};
  // Only a remote target adds these, so an embedded run's summary keeps its bytes.
  if (!s.target.empty()) j["directory"]["target"] = s.target;
  j["changes"] = counts_object(s.changes);
  if (!s.outcomes.empty()) j["outcomes"] = counts_object(s.outcomes);
  j["actions"] = counts_object(s.actions);
  ojson guards = ojson::array();
  for (const auto& g : s.guards) {
    ojson f = {{"guard", g.guard}};
    if (!g.source.empty()) f["source"] = g.source;
    f["measured"] = number(g.measured);
    f["allowed"] = number(g.allowed);
    f["detail"] = g.detail;
    f["exceeded"] = g.exceeded;
    f["overridden"] = g.overridden;
    guards.push_back(std::move(f));
  }
  j["guards"] = guards;
  ojson held = ojson::array();
  for (const auto& h : s.held_back)
    held.push_back({{"kind", h.kind}, {"count", h.count}, {"message", h.message}, {"examples", h.examples}});
  j["held_back"] = held;
  j["drift"] = s.drift ? ojson{{"run_id", s.drift->run_id}, {"count", s.drift->count}, {"users", s.drift->users}}
                       : ojson(nullptr);
  ojson conflicts = ojson::array();
  for (const auto& c : s.conflicts) {
    std::vector<std::string> affected = c.would_add;
    affected.insert(affected.end(), c.would_remove.begin(), c.would_remove.end());
    std::sort(affected.begin(), affected.end());
    affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
    conflicts.push_back({{"group", c.group},
                         {"would_add", c.would_add},
                         {"would_remove", c.would_remove},
                         {"affected_users", affected.size()}});
  }
  j["conflicts"] = conflicts;
  j["messages"] = s.messages;
  // Messages quote input lines, which may hold bytes that are not UTF-8: replace them, never fail.
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string drift_message(const Drift& d) {
  auto head = std::to_string(d.count) + (d.count == 1 ? " user differs" : " users differ") + " from what run " +
              std::to_string(d.run_id) + " applied";
  return head + (d.remote ? " on the target: changed there since, or not kept by it? The plan sets it again"
                          : ": was its change file carried out?");
}

std::string counts_json(const std::map<std::string, std::int64_t>& counts) { return counts_object(counts).dump(); }

std::string users_not_listed_note(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " user" : " users") + " simply in sync (unchanged, in_sync) " +
         (n == 1 ? "is" : "are") + " in the counts but not listed: history keeps their counts, not their lines";
}

}  // namespace usersync
