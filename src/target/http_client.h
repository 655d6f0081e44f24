#pragma once
// HTTP for remote targets: a transport that sends one request (libcurl in the product, a scripted
// fake in unit tests) and a client that adds what a batch job against a real service needs:
// a request rate limit, and retries with exponential backoff and jitter on 429, 5xx and
// connection errors, honouring Retry-After. Nothing here ever formats a request's headers into
// a message, so the bearer token cannot reach a log or an error.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include "model/errors.h"

namespace usersync {

struct HttpRequest {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string url;
  std::string body;  // JSON, sent as application/scim+json when not empty

  /// A POST that may have reached the service must not be sent twice: it could create twice.
  bool repeatable() const { return method != "POST"; }
};

struct HttpResponse {
  long status = 0;  // 0: no answer came (see no_answer)
  std::string body;
  std::optional<double> retry_after;  // seconds, from a Retry-After header
  std::string no_answer;              // why no answer came, for a request that may not be repeated
};

/// A request that got no HTTP answer: connection refused, DNS, timeout. `maybe_sent` when the
/// request may have reached the service (a timeout, a dropped connection), not when it could
/// not connect at all.
struct TransportError : std::runtime_error {
  TransportError(const std::string& what, bool maybe_sent) : std::runtime_error(what), maybe_sent(maybe_sent) {}
  bool maybe_sent;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  /// Sends one request; throws TransportError when no answer came.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

struct TransportSettings {
  std::string bearer_token;  // sent as Authorization: Bearer; never printed
  std::string ca_file;       // the CA bundle to trust instead of the system's; verification stays on
  double timeout_seconds = 30;
  std::function<bool()> abort;  // true: end the transfer now (a signal arrived)
};

/// libcurl. TLS peer and host verification always on; proxies from the standard environment
/// variables (http_proxy, https_proxy, no_proxy), as libcurl reads them.
class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(TransportSettings settings);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;
  HttpResponse send(const HttpRequest& request) override;

 private:
  TransportSettings settings_;
  void* curl_;  // CURL*, reused so connections are kept alive
};

struct RetryPolicy {
  int max_attempts = 5;          // per request, the first included
  double base_delay = 0.5;       // seconds before the first retry; doubled each time
  double max_delay = 30;         // cap of one backoff wait
  double max_retry_after = 300;  // a Retry-After longer than this is not waited for
  double rate_limit = 0;         // requests per second; 0: as fast as answers come
};

/// Seconds to wait before retry `attempt` (1 for the first retry): base * 2^(attempt-1), capped,
/// scaled by a jitter factor in [0.5, 1.0] so that many clients do not retry in step.
double backoff_seconds(const RetryPolicy& policy, int attempt, double jitter);

/// Seconds a Retry-After header asks for: delay-seconds or an HTTP-date (RFC 9110 10.2.3),
/// relative to `now_epoch`. nullopt when unreadable.
std::optional<double> parse_retry_after(const std::string& value, std::int64_t now_epoch);

class HttpClient {
 public:
  using Sleep = std::function<void(double seconds)>;
  /// The signal that asks the run to stop (0: none); checked before every request and while
  /// waiting to retry, so a stop is never held up by a long Retry-After.
  using Interrupted = std::function<int()>;
  HttpClient(HttpTransport& transport, RetryPolicy policy, Sleep sleep = {}, Interrupted interrupted = {});

  /// Sends with retries. Returns the final answer, which may itself be an error status the
  /// caller judges; throws UnavailableError when every attempt failed to connect or answered
  /// 429/5xx, InterruptedError when a signal arrived. A POST is repeated only when it surely did
  /// not take effect (429, 503, no connection); otherwise its answer (or status 0 with
  /// `no_answer`) is returned. `what` names the request in messages ("POST /Users").
  HttpResponse send(const HttpRequest& request, const std::string& what);
  std::int64_t requests_sent() const { return sent_; }
  std::int64_t retries() const { return retries_; }

 private:
  void pace();
  void wait(double seconds);
  void stop_if_interrupted() const;
  HttpTransport& transport_;
  RetryPolicy policy_;
  Sleep sleep_;
  Interrupted interrupted_;
  std::mt19937 random_;
  std::chrono::steady_clock::time_point last_start_{};
  std::int64_t sent_ = 0;
  std::int64_t retries_ = 0;
};

/// Whether an answer is worth retrying: 429, and 5xx other than 501 (Not Implemented) and 505.
bool retryable_status(long status);

}  // namespace usersync
