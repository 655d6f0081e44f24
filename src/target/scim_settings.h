#pragma once
// How to reach a SCIM 2.0 target ([target] in the config). The token itself is not here: it is
// read from token_env or token_file when the run starts, and held only by the transport.
#include <cstdint>
#include <string>

namespace usersync {

struct ScimSettings {
  std::string url;         // base URL, e.g. https://example.atlassian.net/scim/v2
  std::string token_env;   // environment variable holding the bearer token
  std::string token_file;  // or a file holding it (resolved; must not be readable by others)
  std::string ca_file;     // extra CA bundle for a private CA (resolved)
  double timeout_seconds = 30;
  double rate_limit = 0;  // requests per second; 0: no limit
  int max_attempts = 5;   // per request, retries included
  std::int64_t page_size = 100;
};

}  // namespace usersync
