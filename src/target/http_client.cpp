#include "http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <mutex>
#include <thread>

namespace usersync {

namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct HeaderCapture {
  std::string retry_after;
};

int abort_transfer(void* abort, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto& f = *static_cast<const std::function<bool()>*>(abort);
  return f && f() ? 1 : 0;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* out) {
  std::string_view line(data, size * count);
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size()) {
    std::string head(line.substr(0, name.size()));
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    if (head == name) {
      auto value = line.substr(name.size());
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
      static_cast<HeaderCapture*>(out)->retry_after = std::string(value);
    }
  }
  return size * count;
}

}  // namespace

CurlTransport::CurlTransport(TransportSettings settings) : settings_(std::move(settings)) {
  global_init_once();
  curl_ = curl_easy_init();
  if (!curl_) throw Error(ExitCode::internal, "libcurl could not start");
}

CurlTransport::~CurlTransport() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResponse CurlTransport::send(const HttpRequest& request) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  HttpResponse response;
  HeaderCapture headers;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "GET") curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &headers);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout_seconds * 1000));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(settings_.timeout_seconds, 30.0) * 1000));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect must not carry the token elsewhere
  if (settings_.abort) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_transfer);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &settings_.abort);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  std::string auth = "Authorization: Bearer " + settings_.bearer_token;
  curl_slist* list = nullptr;
  list = curl_slist_append(list, auth.c_str());
  list = curl_slist_append(list, "Accept: application/scim+json, application/json");
  list = curl_slist_append(list, "Content-Type: application/scim+json");
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  std::fill(auth.begin(), auth.end(), '\0');
  if (rc != CURLE_OK) {
    std::string why = error[0] ? std::string(error) : std::string(curl_easy_strerror(rc));
    switch (rc) {
      // A certificate that does not verify is not an outage: retrying cannot help.
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_ISSUER_ERROR:
        throw Error(ExitCode::usage, request.method + " " + request.url.substr(0, request.url.find('?')) +
                                         ": TLS: " + why + "; check the url and [target] ca_file");
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        throw TransportError(why, false);
      default:
        throw TransportError(why, true);
    }
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  if (!headers.retry_after.empty())
    response.retry_after = parse_retry_after(headers.retry_after, static_cast<std::int64_t>(std::time(nullptr)));
  return response;
}

double backoff_seconds(const RetryPolicy& policy, int attempt, double jitter) {
  double delay = policy.base_delay * std::pow(2.0, std::max(0, attempt - 1));
  return std::min(delay, policy.max_delay) * std::clamp(jitter, 0.5, 1.0);
}

std::optional<double> parse_retry_after(const std::string& value, std::int64_t now_epoch) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::nullopt;
    return std::stod(value);
  }
  time_t when = curl_getdate(value.c_str(), nullptr);  // RFC 9110 HTTP-date
  if (when < 0) return std::nullopt;
  return std::max<double>(0, static_cast<double>(when - now_epoch));
}

bool retryable_status(long status) { return status == 429 || (status >= 500 && status != 501 && status != 505); }

HttpClient::HttpClient(HttpTransport& transport, RetryPolicy policy, Sleep sleep, Interrupted interrupted)
    : transport_(transport),
      policy_(policy),
      sleep_(std::move(sleep)),
      interrupted_(std::move(interrupted)),
      random_(std::random_device{}()) {
  if (!sleep_) sleep_ = [](double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); };
}

void HttpClient::stop_if_interrupted() const {
  if (int s = interrupted_ ? interrupted_() : 0) throw InterruptedError(s);
}

void HttpClient::wait(double seconds) {
  // In slices, so that a signal ends a long Retry-After at once.
  constexpr double kSlice = 0.25;
  while (seconds > 0) {
    stop_if_interrupted();
    sleep_(std::min(seconds, kSlice));
    seconds -= kSlice;
  }
  stop_if_interrupted();
}

void HttpClient::pace() {
  if (policy_.rate_limit <= 0) return;
  auto interval = std::chrono::duration<double>(1.0 / policy_.rate_limit);
  auto now = std::chrono::steady_clock::now();
  if (sent_ > 0 && now - last_start_ < interval)
    wait(std::chrono::duration<double>(interval - (now - last_start_)).count());
  last_start_ = std::chrono::steady_clock::now();
}

HttpResponse HttpClient::send(const HttpRequest& request, const std::string& what) {
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  std::string last_problem;
  for (int attempt = 1;; ++attempt) {
    stop_if_interrupted();
    pace();
    ++sent_;
    std::optional<double> wait;
    try {
      auto response = transport_.send(request);
      if (!retryable_status(response.status)) return response;
      // 429 and 503 say the request was not taken; after a 500, 502 or 504 a POST may have been.
      if (!request.repeatable() && response.status != 429 && response.status != 503) return response;
      last_problem = "HTTP " + std::to_string(response.status);
      if (response.retry_after) {
        if (*response.retry_after > policy_.max_retry_after)
          throw UnavailableError(what + ": the target answered " + last_problem + " and asked to wait " +
                                 std::to_string(static_cast<long>(*response.retry_after)) +
                                 " s (Retry-After), longer than usersync waits; try again later");
        wait = *response.retry_after;
      }
    } catch (const TransportError& e) {
      stop_if_interrupted();  // the transfer was ended for a signal
      if (e.maybe_sent && !request.repeatable()) {
        HttpResponse none;
        none.no_answer = e.what();
        return none;
      }
      last_problem = e.what();
    }
    if (attempt >= policy_.max_attempts)
      throw UnavailableError(what + ": the target is unavailable after " + std::to_string(attempt) +
                             (attempt == 1 ? " attempt" : " attempts") + " (last: " + last_problem +
                             "); try again later");
    ++retries_;
    this->wait(wait ? *wait : backoff_seconds(policy_, attempt, jitter(random_)));
  }
}

}  // namespace usersync
