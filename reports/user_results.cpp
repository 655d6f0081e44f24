#include "user_results.h"

#include <nlohmann/json.hpp>

namespace usersync {

using ojson = nlohmann::ordered_json;

namespace {
ojson opt(const std::optional<std::string>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson snapshot_json(const std::optional<UserSnapshot>& s) {
  if (!s) return nullptr;
  ojson j = ojson::object();
  j["username"] = s->username;
  for (const auto& [k, v] : s->attrs.entries()) j[k] = v;
  j["active"] = s->active;
  return j;
}
}  // namespace

std::string user_result_line(const UserResult& r) {
  ojson j = ojson::object();
  j["username"] = r.username;
  j["action"] = r.action;
  j["reasons"] = r.reasons;
  ojson sources = ojson::object();
  for (const auto& [name, id] : r.sources) sources[name] = id;
  j["sources"] = sources;
  j["before"] = snapshot_json(r.before);
  j["after"] = snapshot_json(r.after);
  ojson changes = ojson::array();
  for (const auto& c : r.changes) changes.push_back({{"attribute", c.attribute}, {"from", opt(c.from)}, {"to", opt(c.to)}});
  j["changes"] = changes;
  const auto& member_of = r.after ? r.after->groups : r.before ? r.before->groups : std::vector<std::string>{};
  j["groups"] = {{"added", r.groups_added}, {"removed", r.groups_removed}, {"member_of", member_of}};
  ojson policies = ojson::array();
  for (const auto& p : r.policies) {
    ojson pj = {{"policy", p.policy}, {"reason", p.reason}};
    ojson compared = ojson::object();
    for (const auto& [k, v] : p.compared) compared[k] = v;
    pj["compared"] = compared;
    policies.push_back(pj);
  }
  j["policies"] = policies;
  j["errors"] = r.errors;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace usersync
