#pragma once
// A SCIM 2.0 client (RFC 7644) over HttpClient: discovery, paged listing, lookup by filter and
// the write calls. Answers the caller must judge (4xx) come back as ScimResult; refused
// credentials and an unreachable service throw, since no change can go on after them.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http_client.h"

namespace usersync {

/// What /ServiceProviderConfig says the service supports (RFC 7643 5).
struct ScimCapabilities {
  bool patch = false;
  bool bulk = false;
  std::int64_t bulk_max_operations = 0;
  bool filter = false;
  std::int64_t filter_max_results = 0;
};

struct ScimResult {
  long status = 0;
  nlohmann::json body;    // the resource, or a SCIM error
  std::string scim_type;  // from an error body
  std::string detail;     // from an error body, or the status text

  bool ok() const { return status >= 200 && status < 300; }
};

// Members of what a service sent, read without trusting their types: a value of another type
// reads as absent, so a strange answer is judged by the caller, never thrown from a type check.
std::string json_text(const nlohmann::json& object, const char* key);
std::int64_t json_integer(const nlohmann::json& object, const char* key, std::int64_t fallback);
bool json_flag(const nlohmann::json& object, const char* key, bool fallback);
/// The array at `key`, or an empty one.
const nlohmann::json& json_list(const nlohmann::json& object, const char* key);

/// `text` percent-encoded but for RFC 3986's unreserved characters: an id as one path segment,
/// a filter as a query value.
std::string url_escape(const std::string& text);

/// `userName eq "x"` with the value's quotes and backslashes escaped (RFC 7644 3.4.2.2).
std::string scim_filter_equals(const std::string& attribute, const std::string& value);

class ScimClient {
 public:
  ScimClient(HttpClient& http, std::string base_url, std::int64_t page_size = 100);

  /// GET /ServiceProviderConfig; a service without it is taken to support PATCH and filters,
  /// which RFC 7644 makes the common case, and nothing else.
  ScimCapabilities discover();
  /// Every resource of `type` ("Users", "Groups"), page by page with startIndex and count.
  std::vector<nlohmann::json> list(const std::string& type);
  /// The resources matching `filter`; nullopt when the service does not support filtering.
  std::optional<std::vector<nlohmann::json>> find(const std::string& type, const std::string& filter);
  ScimResult get(const std::string& type, const std::string& id);
  ScimResult create(const std::string& type, const nlohmann::json& resource);
  ScimResult patch(const std::string& type, const std::string& id, const nlohmann::json& operations);
  ScimResult replace(const std::string& type, const std::string& id, const nlohmann::json& resource);
  ScimResult remove(const std::string& type, const std::string& id);

  const std::string& base_url() const { return base_url_; }

 private:
  /// `reading`: a read the run cannot go on without, where 403 means the token may not read
  /// the directory; on a single write, 403 refuses only that change (RFC 7644 3.12).
  ScimResult call(const std::string& method, const std::string& path, const nlohmann::json* body, bool reading = false);
  HttpClient& http_;
  std::string base_url_;
  std::int64_t page_size_;
};

}  // namespace usersync
