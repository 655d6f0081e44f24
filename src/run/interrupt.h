#pragma once
// SIGINT and SIGTERM stop a run at its next safe point instead of killing it mid-write. The
// handler only records the signal; the run checks at safe points and, before its commit, rolls
// back and exits 130/143. After the commit it finishes its reports first.
#include <string_view>

namespace usersync {

/// Installs the handlers for its lifetime and restores the previous ones after.
class InterruptHandlers {
 public:
  InterruptHandlers();
  ~InterruptHandlers();
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;
};

/// The signal received since the handlers were installed, or 0.
int pending_interrupt();
/// Throws InterruptedError when a signal arrived. Call only where stopping changes nothing.
void stop_if_interrupted();

/// A named point of a run, for tests: when USERSYNC_TEST_HOOK is "NAME:SIGINT", "NAME:SIGTERM"
/// or "NAME:sleep=SECONDS", the run sends itself that signal or sleeps there. This makes "a
/// signal between the commit and the reports" a repeatable test rather than a race.
void test_point(std::string_view name);

}  // namespace usersync
