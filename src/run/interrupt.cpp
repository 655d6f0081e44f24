#include "interrupt.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "model/errors.h"

namespace usersync {

namespace {
volatile std::sig_atomic_t g_signal = 0;

extern "C" void record_signal(int signal_number) { g_signal = signal_number; }

struct sigaction g_previous_int, g_previous_term;
}  // namespace

InterruptHandlers::InterruptHandlers() {
  g_signal = 0;
  struct sigaction action = {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptHandlers::~InterruptHandlers() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

int pending_interrupt() { return g_signal; }

void stop_if_interrupted() {
  if (int s = g_signal) throw InterruptedError(s);
}

void test_point(std::string_view name) {
  const char* hook = std::getenv("USERSYNC_TEST_HOOK");
  if (!hook) return;
  std::string_view h(hook);
  if (h.size() <= name.size() || h.substr(0, name.size()) != name || h[name.size()] != ':') return;
  auto action = h.substr(name.size() + 1);
  if (action == "SIGINT") {
    std::raise(SIGINT);
  } else if (action == "SIGTERM") {
    std::raise(SIGTERM);
  } else if (action.substr(0, 6) == "sleep=") {
    std::this_thread::sleep_for(std::chrono::duration<double>(std::stod(std::string(action.substr(6)))));
  }
}

}  // namespace usersync
