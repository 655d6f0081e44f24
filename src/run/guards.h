#pragma once
// The safety guards, as figures: what each one measured against what it allows. A run records
// every figure in its summary, refused or not, so an auditor sees how close a run came.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/plan.h"

namespace usersync {

/// An empty source, or one that lost more than `max_source_shrink` of its records since its
/// previous import (`previous_records`, nullopt when there is none).
std::vector<GuardFigure> source_guards(const SourceConfig& source, std::int64_t records,
                                       std::optional<std::int64_t> previous_records, const Guards& guards,
                                       bool allow_mass_changes);

/// The plan's deactivations and deletions against the count and the share of the directory.
std::vector<GuardFigure> deprovision_guards(const Plan& plan, std::int64_t directory_users, const Guards& guards,
                                            bool allow_mass_changes);

/// The message of the first figure that refuses the run, or nullopt.
std::optional<std::string> refusal(const std::vector<GuardFigure>& figures);

}  // namespace usersync
