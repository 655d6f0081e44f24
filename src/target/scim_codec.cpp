#include "scim_codec.h"

#include <array>
#include <utility>

#include "scim_client.h"

namespace usersync {

namespace {

struct PathEntry {
  const char* attribute;
  const char* path;  // dotted for a sub-attribute; enterprise ones carry the schema URN
};

// email is its own case: a multi-valued attribute, written as one primary work address.
constexpr std::array<PathEntry, 15> kPaths{{
    {"first_name", "name.givenName"},
    {"last_name", "name.familyName"},
    {"display_name", "displayName"},
    {"external_id", "externalId"},
    {"title", "title"},
    {"nick_name", "nickName"},
    {"user_type", "userType"},
    {"preferred_language", "preferredLanguage"},
    {"locale", "locale"},
    {"timezone", "timezone"},
    {"employee_number", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"},
    {"department", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"},
    {"organization", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization"},
    {"division", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division"},
    {"cost_center", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"},
}};

constexpr std::string_view kEnterprisePrefix = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";

/// The JSON pointer of a path inside a resource: name.givenName -> /name/givenName, an
/// enterprise attribute -> /<schema>/<attribute>.
nlohmann::json::json_pointer pointer_of(std::string_view path) {
  std::string pointer;
  if (path.substr(0, kEnterprisePrefix.size()) == kEnterprisePrefix) {
    nlohmann::json::json_pointer p;
    p /= std::string(kEnterprisePrefix.substr(0, kEnterprisePrefix.size() - 1));
    p /= std::string(path.substr(kEnterprisePrefix.size()));
    return p;
  }
  nlohmann::json::json_pointer p;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto dot = path.find('.', start);
    p /= std::string(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return p;
}

std::string string_at(const nlohmann::json& j, const nlohmann::json::json_pointer& p) {
  if (!j.contains(p)) return "";
  const auto& v = j.at(p);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::string primary_email(const nlohmann::json& resource) {
  auto it = resource.find("emails");
  if (it == resource.end() || !it->is_array() || it->empty()) return "";
  for (const auto& e : *it)
    if (e.is_object() && e.value("primary", false) && e.contains("value") && e["value"].is_string())
      return e["value"].get<std::string>();
  const auto& first = it->front();
  return first.is_object() && first.contains("value") && first["value"].is_string() ? first["value"].get<std::string>()
                                                                                    : "";
}

nlohmann::json email_value(const std::string& email) {
  return nlohmann::json::array({{{"value", email}, {"type", "work"}, {"primary", true}}});
}

void add_schema(nlohmann::json& resource, const char* schema) {
  auto& schemas = resource["schemas"];
  if (!schemas.is_array()) schemas = nlohmann::json::array();
  for (const auto& s : schemas)
    if (s == schema) return;
  schemas.push_back(schema);
}

}  // namespace

std::optional<std::string> scim_path(std::string_view attribute) {
  if (attribute == attr::email) return std::string("emails");
  for (const auto& e : kPaths)
    if (attribute == e.attribute) return std::string(e.path);
  return std::nullopt;
}

std::vector<std::string> scim_attributes() {
  std::vector<std::string> out{attr::username, attr::email, attr::active, attr::groups};
  for (const auto& e : kPaths) out.emplace_back(e.attribute);
  return out;
}

DirectoryUser user_from_scim(const nlohmann::json& r) {
  DirectoryUser u;
  u.remote_id = string_at(r, nlohmann::json::json_pointer("/id"));
  u.username = string_at(r, nlohmann::json::json_pointer("/userName"));
  auto active = r.find("active");
  u.active = active == r.end() || !active->is_boolean() || active->get<bool>();
  if (auto email = primary_email(r); !email.empty()) u.attrs.set(attr::email, email);
  for (const auto& e : kPaths)
    if (auto v = string_at(r, pointer_of(e.path)); !v.empty()) u.attrs.set(e.attribute, v);
  return u;
}

nlohmann::json scim_user_resource(const std::string& username, const Attributes& attrs, bool active) {
  nlohmann::json r = {{"schemas", {kScimUserSchema}}, {"userName", username}, {"active", active}};
  for (const auto& [name, value] : attrs.entries()) {
    if (value.empty()) continue;
    if (name == attr::email) {
      r["emails"] = email_value(value);
      continue;
    }
    auto path = scim_path(name);
    if (!path) continue;
    r[pointer_of(*path)] = value;
    if (path->rfind(kEnterprisePrefix, 0) == 0) add_schema(r, kScimEnterpriseSchema);
  }
  return r;
}

nlohmann::json scim_user_operations(const Change& c) {
  auto ops = nlohmann::json::array();
  switch (c.kind) {
    case ChangeKind::user_rename:
      ops.push_back({{"op", "replace"}, {"path", "userName"}, {"value", c.username}});
      break;
    case ChangeKind::user_reactivate:
    case ChangeKind::user_deactivate:
      ops.push_back({{"op", "replace"}, {"path", "active"}, {"value", c.kind == ChangeKind::user_reactivate}});
      break;
    case ChangeKind::user_update: {
      auto path = scim_path(c.attribute);
      if (!path) break;
      if (!c.to || c.to->empty())
        ops.push_back({{"op", "remove"}, {"path", *path}});
      else
        ops.push_back({{"op", "replace"},
                       {"path", *path},
                       {"value", c.attribute == attr::email ? email_value(*c.to) : nlohmann::json(*c.to)}});
      break;
    }
    default:
      break;
  }
  return ops;
}

void apply_to_resource(nlohmann::json& r, const Change& c) {
  for (const char* readonly : {"meta", "groups"}) r.erase(readonly);
  switch (c.kind) {
    case ChangeKind::user_rename:
      r["userName"] = c.username;
      break;
    case ChangeKind::user_reactivate:
    case ChangeKind::user_deactivate:
      r["active"] = c.kind == ChangeKind::user_reactivate;
      break;
    case ChangeKind::user_update: {
      auto path = scim_path(c.attribute);
      if (!path) break;
      auto pointer = pointer_of(*path);
      if (!c.to || c.to->empty()) {
        if (r.contains(pointer)) r.at(pointer.parent_pointer()).erase(pointer.back());
      } else {
        r[pointer] = c.attribute == attr::email ? email_value(*c.to) : nlohmann::json(*c.to);
        if (path->rfind(kEnterprisePrefix, 0) == 0) add_schema(r, kScimEnterpriseSchema);
      }
      break;
    }
    default:
      break;
  }
}

nlohmann::json scim_member_operations(ChangeKind kind, const std::vector<std::string>& user_ids) {
  auto ops = nlohmann::json::array();
  if (kind == ChangeKind::membership_add) {
    auto members = nlohmann::json::array();
    for (const auto& id : user_ids) members.push_back({{"value", id}});
    ops.push_back({{"op", "add"}, {"path", "members"}, {"value", std::move(members)}});
    return ops;
  }
  // One remove per member: a value filter with `or` is valid SCIM, but fewer services parse it.
  for (const auto& id : user_ids)
    ops.push_back({{"op", "remove"}, {"path", "members[" + scim_filter_equals("value", id) + "]"}});
  return ops;
}

}  // namespace usersync
