#include "target/http_client.h"

#include <catch2/catch.hpp>
#include <deque>

using namespace usersync;

namespace {
/// Plays back answers in order; an answer with status 0 is a connection failure.
struct ScriptedTransport : HttpTransport {
  std::deque<HttpResponse> answers;
  int calls = 0;
  double slept = 0;           // since the last request, by the client's Sleep
  std::vector<double> waits;  // before each request after the first: how long the client waited
  HttpClient::Sleep sleep() {
    return [this](double s) { slept += s; };
  }
  HttpResponse send(const HttpRequest&) override {
    if (calls > 0 || slept > 0) waits.push_back(slept);
    slept = 0;
    ++calls;
    auto a = answers.front();
    answers.pop_front();
    if (a.status == 0) throw TransportError("Connection refused", false);
    if (a.status == -1) throw TransportError("Operation timed out", true);
    return a;
  }
};
}  // namespace

TEST_CASE("429 and 5xx are retried with backoff, honouring Retry-After") {
  ScriptedTransport t;
  t.answers = {{429, "", 7.0}, {503, "", std::nullopt}, {0, "", std::nullopt}, {201, "{}", std::nullopt}};
  HttpClient client(t, RetryPolicy{5, 0.5, 30, 300, 0}, t.sleep());
  auto r = client.send({"PUT", "http://127.0.0.1/Users/1", "{}"}, "PUT /Users/1");
  CHECK(r.status == 201);
  CHECK(t.calls == 4);
  const auto& waits = t.waits;
  REQUIRE(waits.size() == 3);
  CHECK(waits[0] == 7.0);                       // what Retry-After asked for
  CHECK((waits[1] >= 0.5 && waits[1] <= 1.0));  // 2nd retry: 1 s with jitter in [0.5, 1]
  CHECK((waits[2] >= 1.0 && waits[2] <= 2.0));  // 3rd retry: 2 s with jitter
  CHECK(client.retries() == 3);
}

TEST_CASE("a client error is returned at once, not retried") {
  ScriptedTransport t;
  t.answers = {{409, R"({"scimType":"uniqueness"})", std::nullopt}};
  HttpClient client(t, RetryPolicy{}, [](double) { FAIL("no wait expected"); });
  CHECK(client.send({"POST", "u", ""}, "POST /Users").status == 409);
  CHECK(t.calls == 1);
}

TEST_CASE("after the last attempt the target is unavailable, with the last problem named") {
  ScriptedTransport t;
  t.answers = {{503, "", std::nullopt}, {0, "", std::nullopt}, {503, "", std::nullopt}};
  HttpClient client(t, RetryPolicy{3, 0.5, 30, 300, 0}, [](double) {});
  try {
    client.send({"GET", "u", ""}, "GET /Users");
    FAIL("expected UnavailableError");
  } catch (const UnavailableError& e) {
    CHECK(e.code() == ExitCode::unavailable);
    CHECK(std::string(e.what()) ==
          "GET /Users: the target is unavailable after 3 attempts (last: HTTP 503); try again later");
  }
}

TEST_CASE("a Retry-After longer than usersync waits ends the request at once") {
  ScriptedTransport t;
  t.answers = {{429, "", 3600.0}};
  HttpClient client(t, RetryPolicy{5, 0.5, 30, 300, 0}, [](double) { FAIL("no wait expected"); });
  CHECK_THROWS_WITH(client.send({"GET", "u", ""}, "GET /Users"), Catch::Contains("asked to wait 3600 s"));
}

TEST_CASE("a POST is repeated only when it surely did not take effect") {
  ScriptedTransport t;
  t.answers = {{503, "", std::nullopt}, {0, "", std::nullopt}, {502, "", std::nullopt}};
  HttpClient client(t, RetryPolicy{5, 0.5, 30, 300, 0}, [](double) {});
  CHECK(client.send({"POST", "u", "{}"}, "POST /Users").status == 502);  // 502: it may have been created
  CHECK(t.calls == 3);
  t.answers = {{-1, "", std::nullopt}};
  auto r = client.send({"POST", "u", "{}"}, "POST /Users");
  CHECK(r.status == 0);
  CHECK(r.no_answer == "Operation timed out");
  t.answers = {{-1, "", std::nullopt}, {200, "", std::nullopt}};
  CHECK(client.send({"PATCH", "u", "{}"}, "PATCH /Users/1").status == 200);  // a PATCH may be repeated
}

TEST_CASE("a signal ends a long wait for a retry at once") {
  ScriptedTransport t;
  t.answers = {{429, "", 120.0}};
  int slept = 0;
  int signal = 0;
  HttpClient client(
      t, RetryPolicy{5, 0.5, 30, 300, 0},
      [&](double) {
        if (++slept == 3) signal = 15;
      },
      [&] { return signal; });
  CHECK_THROWS_AS(client.send({"GET", "u", ""}, "GET /Users"), InterruptedError);
  CHECK(slept == 3);  // three quarter-second slices of the 120 s, not the whole wait
}

TEST_CASE("backoff doubles up to its cap and jitter scales it") {
  RetryPolicy p{8, 0.5, 4, 300, 0};
  CHECK(backoff_seconds(p, 1, 1.0) == 0.5);
  CHECK(backoff_seconds(p, 2, 1.0) == 1.0);
  CHECK(backoff_seconds(p, 4, 1.0) == 4.0);
  CHECK(backoff_seconds(p, 9, 1.0) == 4.0);
  CHECK(backoff_seconds(p, 2, 0.5) == 0.5);
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date") {
  CHECK(parse_retry_after("120", 0) == 120.0);
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 seconds after the epoch.
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30) == 30.0);
  CHECK_FALSE(parse_retry_after("soon", 0));
  CHECK_FALSE(parse_retry_after("", 0));
}

TEST_CASE("the rate limit spaces requests out") {
  ScriptedTransport t;
  t.answers = {{200, "", std::nullopt}, {200, "", std::nullopt}};
  HttpClient client(t, RetryPolicy{1, 0.5, 30, 300, 2.0}, t.sleep());
  client.send({"GET", "u", ""}, "GET /Users");
  client.send({"GET", "u", ""}, "GET /Users");
  REQUIRE(t.waits.size() == 1);
  CHECK((t.waits[0] > 0.4 && t.waits[0] <= 0.5));  // 2 requests per second: half a second apart
}

TEST_CASE("only 429 and retryable 5xx are retried") {
  CHECK(retryable_status(429));
  CHECK(retryable_status(500));
  CHECK(retryable_status(503));
  CHECK_FALSE(retryable_status(501));
  CHECK_FALSE(retryable_status(400));
  CHECK_FALSE(retryable_status(404));
  CHECK_FALSE(retryable_status(409));
}
