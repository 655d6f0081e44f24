#include "scim_target.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "model/checksum.h"
#include "model/text.h"
#include "scim_codec.h"

namespace usersync {

namespace {

constexpr const char* kUsers = "Users";
constexpr const char* kGroups = "Groups";

ChangeOutcome failed(const ScimResult& r, const std::string& what) {
  ChangeOutcome o;
  o.status = Outcome::failed;
  o.http_status = static_cast<int>(r.status);
  o.scim_type = r.scim_type;
  o.detail = what + ": HTTP " + std::to_string(r.status) + (r.scim_type.empty() ? "" : " (" + r.scim_type + ")") +
             (r.detail.empty() || r.detail == "HTTP " + std::to_string(r.status) ? "" : ": " + r.detail);
  return o;
}

ChangeOutcome failed(const std::string& detail) {
  ChangeOutcome o;
  o.status = Outcome::failed;
  o.detail = detail;
  return o;
}

ChangeOutcome skipped(const std::string& detail) {
  ChangeOutcome o;
  o.status = Outcome::skipped;
  o.detail = detail;
  return o;
}

std::string id_of(const nlohmann::json& resource) {
  auto it = resource.is_object() ? resource.find("id") : resource.end();
  return resource.is_object() && it != resource.end() && it->is_string() ? it->get<std::string>() : "";
}

/// The user or group a change depends on: a change to it cannot go on when that failed.
std::string dependency_key(const Change& c) { return fold_case(c.username); }

}  // namespace

std::string snapshot_fingerprint(const DirectoryState& state) {
  Sha256 h;
  auto add = [&](std::string_view part) {
    h.update(part);
    h.update(std::string_view("\0", 1));
  };
  for (const auto& g : state.groups) {
    add("group");
    add(g.name);
    add(g.remote_id);
  }
  for (const auto& u : state.users) {
    add("user");
    add(u.username);
    add(u.remote_id);
    add(u.active ? "1" : "0");
    for (const auto& [k, v] : u.attrs.entries()) {
      add(k);
      add(v);
    }
    add("groups");
    for (const auto& g : u.groups) add(g);
  }
  return "sha256:" + h.hex_digest();
}

ScimExecutor::ScimExecutor(ScimClient& client, ScimCapabilities caps, const DirectoryState& known)
    : client_(client), caps_(caps) {
  for (const auto& u : known.users)
    if (!u.remote_id.empty()) user_ids_[fold_case(u.username)] = u.remote_id;
  for (const auto& g : known.groups)
    if (!g.remote_id.empty()) group_ids_[fold_case(g.name)] = g.remote_id;
}

std::string ScimExecutor::find_id(const std::string& type, const std::string& attribute, const std::string& value) {
  if (!caps_.filter) return "";
  auto found = client_.find(type, scim_filter_equals(attribute, value));
  if (!found) return "";
  // Filters compare userName and displayName case-insensitively (RFC 7643 caseExact false);
  // take the match that is equal the way usersync compares names.
  for (const auto& r : *found) {
    auto name = json_text(r, attribute.c_str());
    if (fold_case(name) == fold_case(value)) return id_of(r);
  }
  return "";
}

std::string ScimExecutor::user_id(const std::string& username) {
  auto key = fold_case(username);
  if (auto it = user_ids_.find(key); it != user_ids_.end()) return it->second;
  auto id = find_id(kUsers, "userName", username);
  if (!id.empty()) user_ids_[key] = id;
  return id;
}

std::string ScimExecutor::group_id(const std::string& name) {
  auto key = fold_case(name);
  if (auto it = group_ids_.find(key); it != group_ids_.end()) return it->second;
  auto id = find_id(kGroups, "displayName", name);
  if (!id.empty()) group_ids_[key] = id;
  return id;
}

ChangeOutcome ScimExecutor::create_user(const Change& c) {
  auto resource = scim_user_resource(c.username, c.attrs, true);
  // A run killed after its POST was answered left the user there without recording it: take
  // that user over instead of creating a second one.
  if (auto existing = find_id(kUsers, "userName", c.username); !existing.empty()) {
    // Only the attributes the plan sets: a PUT of this resource would wipe whatever else the
    // service keeps for them (phones, roles, extensions), and their active state is theirs
    // until the next run plans it.
    user_ids_[fold_case(c.username)] = existing;
    for (const auto& [name, value] : c.attrs.entries()) {
      if (!scim_path(name)) continue;
      Change set{ChangeKind::user_update, c.username, "", name, std::nullopt, value, {}, {}};
      if (auto o = update_user(set); o.status != Outcome::applied) return o;
    }
    return {Outcome::applied, 0, "", "the user was already there; the planned attributes were set", existing};
  }
  auto o = post(kUsers, resource);
  if (o.status == Outcome::applied) user_ids_[fold_case(c.username)] = o.remote_id;
  return o;
}

ChangeOutcome ScimExecutor::post(const std::string& type, const nlohmann::json& resource) {
  auto r = client_.create(type, resource);
  if (!r.ok()) return failed(r, "POST /" + type);
  auto id = id_of(r.body);
  if (id.empty()) return failed("POST /" + type + ": the answer has no id; expected the created resource");
  return {Outcome::applied, 0, "", "", id};
}

ChangeOutcome ScimExecutor::create_group(const Change& c) {
  if (auto existing = find_id(kGroups, "displayName", c.group); !existing.empty()) {
    group_ids_[fold_case(c.group)] = existing;
    return {Outcome::applied, 0, "", "the group was already there", existing};
  }
  nlohmann::json resource = {
      {"schemas", {kScimGroupSchema}}, {"displayName", c.group}, {"members", nlohmann::json::array()}};
  auto o = post(kGroups, resource);
  if (o.status == Outcome::applied) group_ids_[fold_case(c.group)] = o.remote_id;
  return o;
}

ChangeOutcome ScimExecutor::update_user(const Change& c) {
  if (c.kind == ChangeKind::user_update && !scim_path(c.attribute))
    return failed("attribute '" + c.attribute + "' has no SCIM attribute; a SCIM target holds " +
                  join(scim_attributes(), ", "));
  // A rename is found under the old name; everything after it under the new one.
  const std::string& name = c.kind == ChangeKind::user_rename ? c.from.value_or("") : c.username;
  auto id = user_id(name);
  if (id.empty()) return failed("the SCIM target has no user '" + name + "'");
  ScimResult r;
  if (caps_.patch) {
    r = client_.patch(kUsers, id, scim_user_operations(c));
    if (!r.ok()) return failed(r, "PATCH /Users/" + id);
  } else {
    auto current = client_.get(kUsers, id);
    if (!current.ok()) return failed(current, "GET /Users/" + id);
    apply_to_resource(current.body, c);
    r = client_.replace(kUsers, id, current.body);
    if (!r.ok()) return failed(r, "PUT /Users/" + id);
  }
  if (c.kind == ChangeKind::user_rename) {
    user_ids_.erase(fold_case(name));
    user_ids_[fold_case(c.username)] = id;
  }
  return {};
}

ChangeOutcome ScimExecutor::change_membership(const Change& c) {
  auto uid = user_id(c.username);
  if (uid.empty()) return failed("the SCIM target has no user '" + c.username + "'");
  auto gid = group_id(c.group);
  if (gid.empty()) return failed("the SCIM target has no group '" + c.group + "'");
  if (caps_.patch) {
    auto r = client_.patch(kGroups, gid, scim_member_operations(c.kind, {uid}));
    if (!r.ok()) return failed(r, "PATCH /Groups/" + gid);
    return {};
  }
  auto current = client_.get(kGroups, gid);
  if (!current.ok()) return failed(current, "GET /Groups/" + gid);
  auto& group = current.body;
  group.erase("meta");
  auto next = nlohmann::json::array();
  for (const auto& m : json_list(group, "members"))
    if (json_text(m, "value") != uid) next.push_back(m);
  if (c.kind == ChangeKind::membership_add) next.push_back({{"value", uid}});
  group["members"] = next;
  auto r = client_.replace(kGroups, gid, group);
  if (!r.ok()) return failed(r, "PUT /Groups/" + gid);
  return {};
}

ChangeOutcome ScimExecutor::delete_user(const Change& c) {
  auto id = user_id(c.username);
  if (id.empty()) return {Outcome::applied, 0, "", "the user was already gone", ""};
  auto r = client_.remove(kUsers, id);
  if (r.status == 404) return {Outcome::applied, 0, "", "the user was already gone", ""};
  if (!r.ok()) return failed(r, "DELETE /Users/" + id);
  user_ids_.erase(fold_case(c.username));
  return {};
}

ChangeOutcome ScimExecutor::carry_out(const Change& c) {
  switch (c.kind) {
    case ChangeKind::group_create:
      return create_group(c);
    case ChangeKind::user_create:
      return create_user(c);
    case ChangeKind::user_rename:
    case ChangeKind::user_update:
    case ChangeKind::user_reactivate:
    case ChangeKind::user_deactivate:
      return update_user(c);
    case ChangeKind::membership_add:
    case ChangeKind::membership_remove:
      return change_membership(c);
    case ChangeKind::user_delete:
      return delete_user(c);
  }
  return failed("unknown change");
}

std::optional<ChangeOutcome> ScimExecutor::blocked(const Change& c) const {
  if (!c.username.empty())
    if (auto it = failed_users_.find(dependency_key(c)); it != failed_users_.end())
      return skipped("not sent: " + it->second + " failed first");
  if (!c.group.empty() && c.kind != ChangeKind::group_create)
    if (auto it = failed_groups_.find(fold_case(c.group)); it != failed_groups_.end())
      return skipped("not sent: " + it->second + " failed first");
  return std::nullopt;
}

void ScimExecutor::remember(const Change& c, const ChangeOutcome& o) {
  if (o.status == Outcome::applied) return;
  if (c.kind == ChangeKind::group_create)
    failed_groups_.emplace(fold_case(c.group), "the creation of group '" + c.group + "'");
  else if (c.kind == ChangeKind::user_create || c.kind == ChangeKind::user_rename)
    failed_users_.emplace(
        dependency_key(c),
        std::string(c.kind == ChangeKind::user_create ? "the creation" : "the rename") + " of '" + c.username + "'");
}

std::vector<ChangeOutcome> ScimExecutor::memberships(const std::vector<Change>& changes,
                                                     const std::vector<std::size_t>& indices) {
  std::vector<ChangeOutcome> out(indices.size());
  std::vector<std::string> order;  // batch keys, first seen first
  // kind and folded group -> (position in indices, user id)
  std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> batches;
  for (std::size_t p = 0; p < indices.size(); ++p) {
    const Change& c = changes[indices[p]];
    if (auto b = blocked(c)) {
      out[p] = *b;
      continue;
    }
    auto uid = user_id(c.username);
    if (uid.empty()) {
      out[p] = failed("the SCIM target has no user '" + c.username + "'");
      continue;
    }
    auto key = std::string(to_string(c.kind)) + '\0' + fold_case(c.group);
    if (!batches.count(key)) order.push_back(key);
    batches[key].emplace_back(p, uid);
  }
  constexpr std::size_t kMembersPerPatch = 100;  // what services accept (AWS IAM Identity Center: 100)
  for (const auto& key : order) {
    const auto& batch = batches[key];
    const Change& first = changes[indices[batch.front().first]];
    auto gid = caps_.patch ? group_id(first.group) : std::string();
    for (std::size_t from = 0; from < batch.size(); from += kMembersPerPatch) {
      std::size_t to = std::min(batch.size(), from + kMembersPerPatch);
      if (caps_.patch && !gid.empty() && to - from > 1) {
        std::vector<std::string> ids;
        for (std::size_t x = from; x < to; ++x) ids.push_back(batch[x].second);
        auto r = client_.patch(kGroups, gid, scim_member_operations(first.kind, ids));
        if (r.ok()) continue;  // every outcome stays applied
      }
      // One at a time: a single change, no PATCH, or a batch the service refused, so that each
      // refusal is told apart from the members that were fine.
      for (std::size_t x = from; x < to; ++x) out[batch[x].first] = change_membership(changes[indices[batch[x].first]]);
    }
  }
  return out;
}

ApplyOutcome ScimExecutor::apply(const std::vector<Change>& changes, Timestamp, const Progress& progress,
                                 const KeepGoing& keep_going) {
  ApplyOutcome out;
  out.outcomes.resize(changes.size());
  auto report = [&](std::size_t i, ChangeOutcome o) {
    remember(changes[i], o);
    out.outcomes[i] = std::move(o);
    if (progress) progress(i, changes[i], *out.outcomes[i]);
  };
  auto is_membership = [](ChangeKind k) {
    return k == ChangeKind::membership_add || k == ChangeKind::membership_remove;
  };
  // A plan lists each user's changes together, so memberships of one group are spread over the
  // plan. They depend only on their user and group existing, so they are sent last, together:
  // one PATCH per group for up to 100 members instead of a request each. Not for a user the
  // plan deletes: their memberships go before the delete, in plan order.
  std::set<std::string> deleted;
  for (const auto& c : changes)
    if (c.kind == ChangeKind::user_delete) deleted.insert(fold_case(c.username));
  std::vector<std::size_t> later;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (keep_going && !keep_going()) return out;
    const Change& c = changes[i];
    if (is_membership(c.kind) && !deleted.count(fold_case(c.username))) {
      later.push_back(i);
      continue;
    }
    auto b = blocked(c);
    report(i, b ? *b : carry_out(c));
  }
  constexpr std::size_t kWindow = 1000;  // memberships between two checks for a signal
  for (std::size_t from = 0; from < later.size(); from += kWindow) {
    if (keep_going && !keep_going()) break;
    std::vector<std::size_t> window(
        later.begin() + static_cast<std::ptrdiff_t>(from),
        later.begin() + static_cast<std::ptrdiff_t>(std::min(later.size(), from + kWindow)));
    auto outcomes = memberships(changes, window);
    for (std::size_t p = 0; p < window.size(); ++p) report(window[p], std::move(outcomes[p]));
  }
  return out;
}

ScimTarget::ScimTarget(const ScimSettings& s, std::string token, std::function<int()> interrupted)
    : transport_(TransportSettings{std::move(token), s.ca_file, s.timeout_seconds,
                                   [interrupted] { return interrupted && interrupted() != 0; }}),
      http_(transport_, RetryPolicy{s.max_attempts, 0.5, 30, 300, s.rate_limit}, {}, interrupted),
      client_(http_, s.url, s.page_size) {}

TargetSnapshot snapshot_from(const std::vector<nlohmann::json>& users, const std::vector<nlohmann::json>& groups) {
  TargetSnapshot snap;
  auto fail = [](const std::string& what, const nlohmann::json& r, const std::string& problem) {
    throw Error(ExitCode::bad_input,
                "GET /" + what + ": " + problem + " in the SCIM target's answer: " + r.dump().substr(0, 200));
  };
  for (const auto& r : users) {
    auto u = user_from_scim(r);
    if (u.username.empty() || u.remote_id.empty())
      fail("Users", r, std::string("a user without ") + (u.username.empty() ? "userName" : "id"));
    snap.state.users.push_back(std::move(u));
  }
  auto by_name = [](const DirectoryUser& a, const DirectoryUser& b) {
    return fold_case(a.username) < fold_case(b.username);
  };
  std::sort(snap.state.users.begin(), snap.state.users.end(), by_name);
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < snap.state.users.size(); ++i) {
    const auto& u = snap.state.users[i];
    // usersync knows a user by username, case-insensitively; a service that holds two such
    // users (or one id twice) cannot be planned against without guessing.
    if (i > 0 && fold_case(snap.state.users[i - 1].username) == fold_case(u.username))
      throw Error(ExitCode::bad_input, "GET /Users: the SCIM target has two users named '" +
                                           snap.state.users[i - 1].username + "' and '" + u.username + "' (ids " +
                                           snap.state.users[i - 1].remote_id + " and " + u.remote_id +
                                           "); usersync tells users apart by username, ignoring case");
    if (!by_id.emplace(u.remote_id, i).second)
      throw Error(ExitCode::bad_input, "GET /Users: the SCIM target lists id " + u.remote_id + " twice");
  }
  std::unordered_map<std::string, std::string> group_names;  // folded name -> as written
  for (const auto& r : groups) {
    DirectoryGroup g;
    g.name = json_text(r, "displayName");
    g.remote_id = id_of(r);
    if (g.name.empty() || g.remote_id.empty())
      fail("Groups", r, std::string("a group without ") + (g.name.empty() ? "displayName" : "id"));
    if (auto [it, fresh] = group_names.emplace(fold_case(g.name), g.name); !fresh)
      throw Error(ExitCode::bad_input, "GET /Groups: the SCIM target has two groups named '" + it->second + "' and '" +
                                           g.name + "'; usersync tells groups apart by name, ignoring case");
    // Direct user members only: a nested group or an id that is not a user here is not followed.
    for (const auto& m : json_list(r, "members")) {
      auto type = fold_case(json_text(m, "type"));  // RFC 7643: not case-sensitive
      auto it = by_id.find(json_text(m, "value"));
      if (it == by_id.end() || (!type.empty() && type != "user")) {
        ++snap.members_ignored;
        continue;
      }
      snap.state.users[it->second].groups.push_back(g.name);
    }
    snap.state.groups.push_back(std::move(g));
  }
  std::sort(snap.state.groups.begin(), snap.state.groups.end(),
            [](const DirectoryGroup& a, const DirectoryGroup& b) { return fold_case(a.name) < fold_case(b.name); });
  for (auto& u : snap.state.users) sort_unique_folded(u.groups);
  snap.fingerprint = snapshot_fingerprint(snap.state);
  return snap;
}

TargetSnapshot ScimTarget::read() {
  if (!caps_) caps_ = client_.discover();
  auto users = client_.list(kUsers);
  auto groups = client_.list(kGroups);
  return snapshot_from(users, groups);
}

std::unique_ptr<Executor> ScimTarget::executor(const DirectoryState& known) {
  if (!caps_) caps_ = client_.discover();
  return std::make_unique<ScimExecutor>(client_, *caps_, known);
}

}  // namespace usersync
