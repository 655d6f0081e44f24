#include "result_reader.h"

#include <nlohmann/json.hpp>

#include "model/errors.h"

namespace usersync {

using ojson = nlohmann::ordered_json;

namespace {
std::optional<std::string> opt(const ojson& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::string>();
}

std::vector<std::string> strings(const ojson& j) { return j.get<std::vector<std::string>>(); }

std::optional<UserSnapshot> snapshot(const ojson& j, const std::vector<std::string>& groups) {
  if (j.is_null()) return std::nullopt;
  UserSnapshot s;
  for (const auto& [key, value] : j.items()) {
    if (key == "username")
      s.username = value.get<std::string>();
    else if (key == "active")
      s.active = value.get<bool>();
    else
      s.attrs.set(key, value.get<std::string>());
  }
  s.groups = groups;
  return s;
}

/// Figures are written as integers when whole: read either.
double number(const ojson& j) { return j.get<double>(); }
}  // namespace

UserResult user_result_from_line(std::string_view line, std::string_view where) {
  try {
    auto j = ojson::parse(line);
    UserResult r;
    r.username = j.at("username").get<std::string>();
    r.action = j.at("action").get<std::string>();
    r.reasons = strings(j.at("reasons"));
    for (const auto& [name, id] : j.at("sources").items()) r.sources.emplace_back(name, id.get<std::string>());
    const auto& groups = j.at("groups");
    auto member_of = strings(groups.at("member_of"));
    // users.jsonl writes the groups once, as the final membership: the after snapshot's, or the
    // before snapshot's when there is no after.
    r.after = snapshot(j.at("after"), member_of);
    r.before = snapshot(j.at("before"), r.after ? std::vector<std::string>{} : member_of);
    for (const auto& c : j.at("changes"))
      r.changes.push_back({c.at("attribute").get<std::string>(), opt(c.at("from")), opt(c.at("to")),
                           c.value("correction", std::int64_t{0})});
    r.groups_added = strings(groups.at("added"));
    r.groups_removed = strings(groups.at("removed"));
    if (groups.contains("corrections"))
      for (const auto& [group, id] : groups["corrections"].items())
        r.group_corrections.emplace_back(group, id.get<std::int64_t>());
    for (const auto& p : j.at("policies")) {
      PolicyDecision d{p.at("policy").get<std::string>(), p.at("reason").get<std::string>(), {}};
      for (const auto& [k, v] : p.at("compared").items()) d.compared[k] = v.get<std::string>();
      r.policies.push_back(std::move(d));
    }
    r.errors = strings(j.at("errors"));
    if (j.contains("corrections"))
      for (const auto& c : j["corrections"]) {
        CorrectionOutcome o;
        o.id = c.at("id").get<std::int64_t>();
        o.username = r.username;
        o.kind = c.at("kind").get<std::string>();
        o.attribute = c.at("attribute").get<std::string>();
        o.state = c.at("state").get<std::string>();
        o.value = c.at("value").get<std::string>();
        o.baseline = opt(c.at("baseline"));
        if (c.contains("source_now")) o.source_now = opt(c["source_now"]);
        r.corrections.push_back(std::move(o));
      }
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ExitCode::internal, std::string(where) + ": not a stored user result: " + e.what());
  }
}

RunSummary summary_from_json(std::string_view json, std::string_view where) {
  try {
    auto j = ojson::parse(json);
    RunSummary s;
    s.run_id = j.at("run_id").get<std::int64_t>();
    s.mode = j.at("mode").get<std::string>();
    s.now = j.at("now").get<std::string>();
    s.status = j.at("status").get<std::string>();
    s.plan_id = j.at("plan_id").is_null() ? 0 : j["plan_id"].get<std::int64_t>();
    s.usersync_version = j.at("usersync_version").get<std::string>();
    s.config_checksum = j.at("config_checksum").get<std::string>();
    s.options = strings(j.at("options"));
    for (const auto& src : j.at("sources")) {
      SourceSummary o;
      o.name = src.at("name").get<std::string>();
      o.format = src.at("format").get<std::string>();
      o.path = src.at("path").get<std::string>();
      o.records = src.at("records").get<std::int64_t>();
      o.checksum = src.at("checksum").get<std::string>();
      o.encoding = src.at("encoding").get<std::string>();
      o.delimiter = src.at("delimiter").get<std::string>();
      if ((o.dump = src.contains("groups"))) {
        o.files = src.at("files").get<std::int64_t>();
        o.groups = src.at("groups").get<std::int64_t>();
        o.memberships = src.at("memberships").get<std::int64_t>();
        o.ignored_members = src.at("ignored_members").get<std::int64_t>();
      }
      s.sources.push_back(std::move(o));
    }
    const auto& d = j.at("directory");
    s.directory_export = opt(d.at("export")).value_or("");
    s.directory_checksum = opt(d.at("export_checksum")).value_or("");
    s.directory_users = d.at("users").get<std::int64_t>();
    s.directory_groups = d.at("groups").get<std::int64_t>();
    s.target = d.value("target", std::string());
    s.changes = j.at("changes").get<std::map<std::string, std::int64_t>>();
    if (j.contains("outcomes")) s.outcomes = j["outcomes"].get<std::map<std::string, std::int64_t>>();
    s.actions = j.at("actions").get<std::map<std::string, std::int64_t>>();
    for (const auto& g : j.at("guards")) {
      GuardFigure f;
      f.guard = g.at("guard").get<std::string>();
      f.source = g.value("source", std::string());
      f.measured = number(g.at("measured"));
      f.allowed = number(g.at("allowed"));
      f.detail = g.at("detail").get<std::string>();
      f.exceeded = g.at("exceeded").get<bool>();
      f.overridden = g.at("overridden").get<bool>();
      s.guards.push_back(std::move(f));
    }
    for (const auto& h : j.at("held_back"))
      s.held_back.push_back({h.at("kind").get<std::string>(), h.at("count").get<std::int64_t>(),
                             h.at("message").get<std::string>(), strings(h.at("examples"))});
    if (!j.at("drift").is_null()) {
      const auto& dr = j["drift"];
      s.drift = Drift{dr.at("run_id").get<std::int64_t>(), !s.target.empty(), dr.at("count").get<std::int64_t>(),
                      strings(dr.at("users"))};
    }
    for (const auto& c : j.at("conflicts"))
      s.conflicts.push_back({c.at("group").get<std::string>(), strings(c.at("would_add")), strings(c.at("would_remove"))});
    s.messages = strings(j.at("messages"));
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ExitCode::internal, std::string(where) + ": not a stored run summary: " + e.what());
  }
}

}  // namespace usersync
