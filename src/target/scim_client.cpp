#include "scim_client.h"

#include <curl/curl.h>

namespace usersync {

namespace {

/// The first line of a body that is not a SCIM error, cut short: enough to recognise a proxy's
/// error page without pasting it whole into a report.
std::string first_words(const std::string& body) {
  auto end = body.find('\n');
  std::string line = body.substr(0, std::min<std::size_t>(end == std::string::npos ? body.size() : end, 200));
  return line;
}

/// The most resources a list may hold: a service that claims more (or pages forever) is not
/// a directory usersync can plan against.
constexpr std::int64_t kMaxListed = 10'000'000;

}  // namespace

std::string url_escape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string json_text(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::int64_t json_integer(const nlohmann::json& object, const char* key, std::int64_t fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

bool json_flag(const nlohmann::json& object, const char* key, bool fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

const nlohmann::json& json_list(const nlohmann::json& object, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  if (!object.is_object()) return empty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : empty;
}

std::string scim_filter_equals(const std::string& attribute, const std::string& value) {
  std::string quoted;
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return attribute + " eq \"" + quoted + "\"";
}

ScimClient::ScimClient(HttpClient& http, std::string base_url, std::int64_t page_size)
    : http_(http), base_url_(std::move(base_url)), page_size_(page_size) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

ScimResult ScimClient::call(const std::string& method, const std::string& path, const nlohmann::json* body,
                            bool reading) {
  HttpRequest request{method, base_url_ + path, body ? body->dump() : std::string()};
  auto what = method + " " + path.substr(0, path.find('?'));
  auto response = http_.send(request, what);
  ScimResult result;
  result.status = response.status;
  if (response.status == 0) {
    result.detail =
        "no answer (" + response.no_answer + "); it may have been carried out: the next run reads the target again";
    return result;
  }
  if (response.status == 401 || (reading && response.status == 403))
    throw Error(ExitCode::usage, what + ": the SCIM target refused usersync's credentials (HTTP " +
                                     std::to_string(response.status) +
                                     "); check the token that [target] token_env or token_file names");
  if (!response.body.empty()) {
    result.body = nlohmann::json::parse(response.body, nullptr, false);
    if (result.body.is_discarded()) {
      if (result.ok())
        throw Error(ExitCode::bad_input, what + ": the SCIM target answered HTTP " + std::to_string(response.status) +
                                             " with a body that is not JSON: " + first_words(response.body));
      result.body = nullptr;
      result.detail = first_words(response.body);
    }
  }
  if (!result.ok()) {
    if (result.body.is_object()) {
      result.scim_type = json_text(result.body, "scimType");
      result.detail = json_text(result.body, "detail");
    }
    if (result.detail.empty()) result.detail = "HTTP " + std::to_string(response.status);
  }
  return result;
}

ScimCapabilities ScimClient::discover() {
  auto r = call("GET", "/ServiceProviderConfig", nullptr, true);
  ScimCapabilities caps;
  if (!r.ok() || !r.body.is_object()) {
    caps.patch = caps.filter = true;
    return caps;
  }
  auto section = [&](const char* key) -> const nlohmann::json& {
    static const nlohmann::json none;
    auto it = r.body.find(key);
    return it == r.body.end() ? none : *it;
  };
  caps.patch = json_flag(section("patch"), "supported", false);
  caps.bulk = json_flag(section("bulk"), "supported", false);
  caps.bulk_max_operations = json_integer(section("bulk"), "maxOperations", 0);
  caps.filter = json_flag(section("filter"), "supported", false);
  caps.filter_max_results = json_integer(section("filter"), "maxResults", 0);
  return caps;
}

std::vector<nlohmann::json> ScimClient::list(const std::string& type) {
  std::vector<nlohmann::json> out;
  std::int64_t start = 1;
  std::string previous_first;
  for (;;) {
    auto path = "/" + type + "?startIndex=" + std::to_string(start) + "&count=" + std::to_string(page_size_);
    auto r = call("GET", path, nullptr, true);
    if (!r.ok())
      throw Error(ExitCode::bad_input,
                  "GET /" + type + ": the SCIM target answered HTTP " + std::to_string(r.status) + ": " + r.detail);
    auto where = "GET /" + type + " (startIndex " + std::to_string(start) + "): the SCIM target's answer ";
    if (!r.body.is_object() || !r.body.contains("totalResults"))
      throw Error(ExitCode::bad_input,
                  where + "is not a ListResponse; expected totalResults and Resources (RFC 7644 3.4.2)");
    const auto& resources = json_list(r.body, "Resources");
    auto total = json_integer(r.body, "totalResults", -1);
    if (total < 0 || total > kMaxListed)
      throw Error(ExitCode::bad_input, where + "has totalResults " + r.body["totalResults"].dump() +
                                           "; expected a whole number up to " + std::to_string(kMaxListed));
    // A page that starts like the one before it means the service ignores startIndex: reading on
    // would never end.
    auto first = resources.empty() ? std::string() : json_text(resources.front(), "id");
    if (!first.empty() && first == previous_first)
      throw Error(ExitCode::bad_input, where + "repeats the page before it (the same first id " + first +
                                           "); the service does not page with startIndex");
    previous_first = first;
    for (const auto& res : resources) out.push_back(res);
    if (static_cast<std::int64_t>(out.size()) >= total) break;
    // A directory cut short would plan creates for everyone missing from it.
    if (resources.empty())
      throw Error(ExitCode::bad_input, where + "is empty after " + std::to_string(out.size()) + " of " +
                                           std::to_string(total) + " resources; the list cannot be read whole");
    // Advance by what came back: a service may return fewer than asked for.
    start += static_cast<std::int64_t>(resources.size());
  }
  return out;
}

std::optional<std::vector<nlohmann::json>> ScimClient::find(const std::string& type, const std::string& filter) {
  auto r = call("GET", "/" + type + "?filter=" + url_escape(filter), nullptr);
  if (!r.ok()) return std::nullopt;
  std::vector<nlohmann::json> out;
  for (const auto& res : json_list(r.body, "Resources")) out.push_back(res);
  return out;
}

ScimResult ScimClient::get(const std::string& type, const std::string& id) {
  return call("GET", "/" + type + "/" + url_escape(id), nullptr);
}
ScimResult ScimClient::create(const std::string& type, const nlohmann::json& resource) {
  return call("POST", "/" + type, &resource);
}
ScimResult ScimClient::patch(const std::string& type, const std::string& id, const nlohmann::json& operations) {
  nlohmann::json body = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}}, {"Operations", operations}};
  return call("PATCH", "/" + type + "/" + url_escape(id), &body);
}
ScimResult ScimClient::replace(const std::string& type, const std::string& id, const nlohmann::json& resource) {
  return call("PUT", "/" + type + "/" + url_escape(id), &resource);
}
ScimResult ScimClient::remove(const std::string& type, const std::string& id) {
  return call("DELETE", "/" + type + "/" + url_escape(id), nullptr);
}

}  // namespace usersync
