#include "scim_client.h"

#include <curl/curl.h>

namespace usersync {

namespace {

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

std::string text_of(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

/// The first line of a body that is not a SCIM error, cut short: enough to recognise a proxy's
/// error page without pasting it whole into a report.
std::string first_words(const std::string& body) {
  auto end = body.find('\n');
  std::string line = body.substr(0, std::min<std::size_t>(end == std::string::npos ? body.size() : end, 200));
  return line;
}

}  // namespace

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

ScimResult ScimClient::call(const std::string& method, const std::string& path, const nlohmann::json* body) {
  HttpRequest request{method, base_url_ + path, body ? body->dump() : std::string()};
  auto what = method + " " + path.substr(0, path.find('?'));
  auto response = http_.send(request, what);
  ScimResult result;
  result.status = response.status;
  if (response.status == 401 || response.status == 403)
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
      result.scim_type = text_of(result.body, "scimType");
      result.detail = text_of(result.body, "detail");
    }
    if (result.detail.empty()) result.detail = "HTTP " + std::to_string(response.status);
  }
  return result;
}

ScimCapabilities ScimClient::discover() {
  auto r = call("GET", "/ServiceProviderConfig", nullptr);
  ScimCapabilities caps;
  if (!r.ok() || !r.body.is_object()) {
    caps.patch = caps.filter = true;
    return caps;
  }
  auto flag = [&](const char* key) {
    auto it = r.body.find(key);
    return it != r.body.end() && it->is_object() && it->value("supported", false);
  };
  auto number = [&](const char* key, const char* field) -> std::int64_t {
    auto it = r.body.find(key);
    if (it == r.body.end() || !it->is_object()) return 0;
    auto f = it->find(field);
    return f != it->end() && f->is_number_integer() ? f->get<std::int64_t>() : 0;
  };
  caps.patch = flag("patch");
  caps.bulk = flag("bulk");
  caps.bulk_max_operations = number("bulk", "maxOperations");
  caps.filter = flag("filter");
  caps.filter_max_results = number("filter", "maxResults");
  return caps;
}

std::vector<nlohmann::json> ScimClient::list(const std::string& type) {
  std::vector<nlohmann::json> out;
  std::int64_t start = 1;
  for (;;) {
    auto path = "/" + type + "?startIndex=" + std::to_string(start) + "&count=" + std::to_string(page_size_);
    auto r = call("GET", path, nullptr);
    if (!r.ok())
      throw Error(ExitCode::bad_input, "GET /" + type + ": the SCIM target answered HTTP " + std::to_string(r.status) +
                                           ": " + r.detail);
    const auto& resources = r.body.is_object() ? r.body.value("Resources", nlohmann::json::array())
                                               : nlohmann::json::array();
    if (!resources.is_array())
      throw Error(ExitCode::bad_input,
                  "GET /" + type + " (startIndex " + std::to_string(start) +
                      "): the SCIM target's answer has no Resources list; expected a ListResponse (RFC 7644 3.4.2)");
    for (const auto& res : resources) out.push_back(res);
    auto total = r.body.value("totalResults", static_cast<std::int64_t>(out.size()));
    // Advance by what came back: a service may return fewer than asked for.
    if (resources.empty() || static_cast<std::int64_t>(out.size()) >= total) break;
    start += static_cast<std::int64_t>(resources.size());
  }
  return out;
}

std::optional<std::vector<nlohmann::json>> ScimClient::find(const std::string& type, const std::string& filter) {
  auto r = call("GET", "/" + type + "?filter=" + url_escape(filter), nullptr);
  if (!r.ok()) return std::nullopt;
  std::vector<nlohmann::json> out;
  if (r.body.is_object())
    for (const auto& res : r.body.value("Resources", nlohmann::json::array())) out.push_back(res);
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
