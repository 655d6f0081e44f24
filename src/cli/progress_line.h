#pragma once
// The progress of a run on one terminal line of stderr, rewritten in place:
//   importing hr: 120,000 (48,000/s)
// Installed only when stderr is a terminal, so scripts and cron see nothing extra.
#include <chrono>
#include <memory>
#include <ostream>
#include <string>

#include "run/progress.h"

namespace usersync {

class ProgressLine {
 public:
  /// Listens for the run's progress when `err` is stderr and a terminal (and not `quiet`).
  ProgressLine(std::ostream& err, bool quiet);
  ~ProgressLine();  // clears the line

  /// The text shown for a step: "importing hr: 120,000 (48,000/s)"; the rate once a second passed.
  static std::string text(std::string_view step, std::int64_t count, double seconds);

 private:
  void show(std::string_view step, std::int64_t count, bool done);
  std::ostream& err_;
  std::unique_ptr<ProgressScope> scope_;
  std::string step_;
  std::chrono::steady_clock::time_point step_start_, last_shown_;
  bool shown_ = false;
};

}  // namespace usersync
