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
  if (rc != CURLE_OK) throw TransportError(error[0] ? std::string(error) : std::string(curl_easy_strerror(rc)));
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

HttpClient::HttpClient(HttpTransport& transport, RetryPolicy policy, Sleep sleep)
    : transport_(transport), policy_(policy), sleep_(std::move(sleep)), random_(std::random_device{}()) {
  if (!sleep_)
    sleep_ = [](double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); };
}

void HttpClient::pace() {
  if (policy_.rate_limit <= 0) return;
  auto interval = std::chrono::duration<double>(1.0 / policy_.rate_limit);
  auto now = std::chrono::steady_clock::now();
  if (sent_ > 0 && now - last_start_ < interval)
    sleep_(std::chrono::duration<double>(interval - (now - last_start_)).count());
  last_start_ = std::chrono::steady_clock::now();
}

HttpResponse HttpClient::send(const HttpRequest& request, const std::string& what) {
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  std::string last_problem;
  for (int attempt = 1;; ++attempt) {
    pace();
    ++sent_;
    std::optional<double> wait;
    try {
      auto response = transport_.send(request);
      if (!retryable_status(response.status)) return response;
      last_problem = "HTTP " + std::to_string(response.status);
      if (response.retry_after) {
        if (*response.retry_after > policy_.max_retry_after)
          throw UnavailableError(what + ": the target answered " + last_problem + " and asked to wait " +
                                 std::to_string(static_cast<long>(*response.retry_after)) +
                                 " s (Retry-After), longer than usersync waits; try again later");
        wait = *response.retry_after;
      }
    } catch (const TransportError& e) {
      last_problem = e.what();
    }
    if (attempt >= policy_.max_attempts)
      throw UnavailableError(what + ": the target is unavailable after " + std::to_string(attempt) +
                             (attempt == 1 ? " attempt" : " attempts") + " (last: " + last_problem +
                             "); try again later");
    ++retries_;
    sleep_(wait ? *wait : backoff_seconds(policy_, attempt, jitter(random_)));
  }
}

}  // namespace usersync
