// What a SCIM service answers (src/target): the input is split at NUL bytes into the bodies of
// successive answers; they are read as /ServiceProviderConfig, then pages of /Users and /Groups,
// and made into a directory (snapshot_from). The first part is also read as a Retry-After header.
// An answer past the last part is an empty ListResponse, so paging always ends.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "target/scim_target.h"

using namespace usersync;

namespace {
struct Answers : HttpTransport {
  std::vector<std::string> bodies;
  std::size_t next = 0;
  HttpResponse send(const HttpRequest&) override {
    if (next < bodies.size()) return {200, bodies[next++], std::nullopt};
    return {200, R"({"totalResults":0,"Resources":[]})", std::nullopt};
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  Answers answers;
  std::size_t start = 0;
  for (;;) {
    auto end = input.find('\0', start);
    answers.bodies.push_back(input.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  (void)parse_retry_after(answers.bodies.front(), 0);
  fuzz::expect_only_usersync_errors([&] {
    HttpClient http(answers, RetryPolicy{1}, [](double) {});
    ScimClient client(http, "https://fuzz/scim/v2", 2);
    client.discover();
    auto users = client.list("Users");
    auto groups = client.list("Groups");
    auto snap = snapshot_from(users, groups);
    for (const auto& u : snap.state.users)
      if (u.username.empty() || u.remote_id.empty()) fuzz::finding("a user without a name or id");
  });
  return 0;
}
