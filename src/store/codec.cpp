#include "codec.h"

#include <nlohmann/json.hpp>

namespace usersync {

using nlohmann::json;

std::string attributes_to_json(const Attributes& attrs) {
  json j = json::object();
  for (const auto& [k, v] : attrs.entries()) j[k] = v;
  return j.dump();
}

Attributes attributes_from_json(const std::string& text) {
  Attributes a;
  const json j = json::parse(text);
  for (auto it = j.begin(); it != j.end(); ++it) a.set(it.key(), it.value().get<std::string>());
  return a;
}

std::string strings_to_json(const std::vector<std::string>& values) { return json(values).dump(); }

std::vector<std::string> strings_from_json(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

std::string record_to_json(const Record& record) {
  // ordered_json keeps the file's column order, which is what an admin expects to read back.
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  const auto& names = record.header->names();
  for (std::size_t i = 0; i < names.size() && i < record.values.size(); ++i) j[names[i]] = record.values[i];
  return j.dump();
}

std::string source_user_to_json(const SourceUser& u) {
  json j;
  j["username"] = u.username;
  j["attributes"] = json::parse(attributes_to_json(u.attrs));
  j["active"] = u.active ? json(*u.active) : json(nullptr);
  j["groups"] = u.groups ? json(*u.groups) : json(nullptr);
  if (u.skip) j["skip"] = true;
  if (!u.reasons.empty()) j["reasons"] = u.reasons;
  if (!u.errors.empty()) j["errors"] = u.errors;
  return j.dump();
}

SourceUser source_user_from_json(const std::string& text) {
  auto j = json::parse(text);
  SourceUser u;
  u.username = j.at("username").get<std::string>();
  const json& attrs = j.at("attributes");
  for (auto it = attrs.begin(); it != attrs.end(); ++it) u.attrs.set(it.key(), it.value().get<std::string>());
  if (!j.at("active").is_null()) u.active = j.at("active").get<bool>();
  if (!j.at("groups").is_null()) u.groups = j.at("groups").get<std::vector<std::string>>();
  u.skip = j.value("skip", false);
  if (j.contains("reasons")) u.reasons = j.at("reasons").get<std::vector<std::string>>();
  if (j.contains("errors")) u.errors = j.at("errors").get<std::vector<std::string>>();
  return u;
}

}  // namespace usersync
