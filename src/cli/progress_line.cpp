#include "progress_line.h"

#include <unistd.h>

#include <iostream>

namespace usersync {

namespace {
/// 120000 -> "120,000"
std::string grouped(std::int64_t n) {
  auto digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}
}  // namespace

ProgressLine::ProgressLine(std::ostream& err, bool quiet) : err_(err) {
  if (quiet || &err != &std::cerr || !::isatty(STDERR_FILENO)) return;
  scope_ = std::make_unique<ProgressScope>(
      [this](std::string_view step, std::int64_t count, bool done) { show(step, count, done); });
}

ProgressLine::~ProgressLine() {
  scope_.reset();
  if (shown_) err_ << "\r\x1b[K" << std::flush;
}

std::string ProgressLine::text(std::string_view step, std::int64_t count, double seconds) {
  if (count < 0) return std::string(step) + " ...";
  std::string out = std::string(step) + ": " + grouped(count);
  if (seconds >= 1) out += " (" + grouped(static_cast<std::int64_t>(count / seconds)) + "/s)";
  return out;
}

void ProgressLine::show(std::string_view step, std::int64_t count, bool done) {
  auto now = std::chrono::steady_clock::now();
  if (step != step_) {
    step_ = step;
    step_start_ = now;
  } else if (!done && now - last_shown_ < std::chrono::milliseconds(200)) {
    return;  // four updates a second are enough to read
  }
  last_shown_ = now;
  shown_ = true;
  double seconds = std::chrono::duration<double>(now - step_start_).count();
  err_ << "\r\x1b[K  " << text(step, count, seconds) << std::flush;
}

}  // namespace usersync
