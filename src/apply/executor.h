#pragma once
// Executors carry out a plan (ninja's CommandRunner): the embedded SQLite directory now; a SCIM
// push target, a change file or a test fake later, all behind this one interface. Executors do
// not decide anything: every decision is already in the plan.
#include <cstdint>
#include <string>
#include <vector>

#include "model/plan.h"
#include "model/timestamp.h"

namespace usersync {

struct ApplyOutcome {
  std::int64_t applied = 0;  // changes carried out
};

class Executor {
 public:
  virtual ~Executor() = default;
  virtual std::string name() const = 0;
  /// Carries out `changes` in order. Throws on the first failure; the caller's transaction then
  /// rolls everything back, so a plan is applied whole or not at all.
  virtual ApplyOutcome apply(const std::vector<Change>& changes, Timestamp now) = 0;
};

}  // namespace usersync
