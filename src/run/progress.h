#pragma once
// Progress of the long steps of a run, for a person watching a terminal. The steps report counts
// at the safe points where they already check for signals; nothing listens unless a front end
// installs a listener (the CLI does, when stderr is a terminal), so a cron job gets no output.
#include <cstdint>
#include <functional>
#include <string_view>

namespace usersync {

/// `step` names what is counted ("importing hr"), `count` how many so far (-1: a step that is
/// not counted); `done` ends the step.
using ProgressListener = std::function<void(std::string_view step, std::int64_t count, bool done)>;

/// Installs `listener` for its lifetime.
class ProgressScope {
 public:
  explicit ProgressScope(ProgressListener listener);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;
};

/// Reports `count` items of `step`: a check and nothing more when no one listens.
void progress(std::string_view step, std::int64_t count, bool done = false);

}  // namespace usersync
