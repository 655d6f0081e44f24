#pragma once
// Executors carry out a plan (ninja's CommandRunner): the embedded SQLite directory, a SCIM 2.0
// service, later the Data Center REST adapters and test fakes, all behind this one interface.
// Executors do not decide anything: every decision is already in the plan.
//
// The contract: one outcome per change. An embedded executor writes inside the caller's
// transaction, so it throws on a failure and the whole plan rolls back. A remote executor cannot
// roll back an HTTP call: it reports each change as it is carried out (applied, failed with the
// target's answer, or skipped because a change it depends on failed) so the run can record it at
// once, and throws only for what stops everything (credentials refused, target unreachable).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/plan.h"
#include "model/timestamp.h"

namespace usersync {

enum class Outcome { applied, failed, skipped };
std::string_view to_string(Outcome outcome);

struct ChangeOutcome {
  Outcome status = Outcome::applied;
  int http_status = 0;    // the target's answer, for a failure
  std::string scim_type;  // SCIM error `scimType` (uniqueness, mutability, ...), when given
  std::string detail;     // one line for a person: what the target said, or what failed first
  std::string remote_id;  // the id the target gave a created user or group
};

struct ApplyOutcome {
  /// Indexed like the changes; empty for a change not attempted (the push stopped first).
  std::vector<std::optional<ChangeOutcome>> outcomes;
  std::int64_t count(Outcome status) const;
};

class Executor {
 public:
  /// Called after every change with its index in the plan and its outcome. A remote executor may
  /// carry changes out (and report them) in another order than the plan's where nothing depends
  /// on it: memberships are sent together per group, after the user and group changes.
  using Progress = std::function<void(std::size_t index, const Change& change, const ChangeOutcome& outcome)>;
  /// Asked before every change; false stops the push there (a signal arrived). The changes not
  /// attempted get no outcome.
  using KeepGoing = std::function<bool()>;

  virtual ~Executor() = default;
  virtual std::string name() const = 0;
  /// True when changes leave this process and cannot be rolled back with a transaction.
  virtual bool remote() const = 0;
  /// Carries out `changes` in order.
  virtual ApplyOutcome apply(const std::vector<Change>& changes, Timestamp now, const Progress& progress = {},
                             const KeepGoing& keep_going = {}) = 0;
};

}  // namespace usersync
