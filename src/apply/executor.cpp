#include "executor.h"

#include <algorithm>

namespace usersync {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::applied:
      return "applied";
    case Outcome::failed:
      return "failed";
    case Outcome::skipped:
      return "skipped";
  }
  return "failed";
}

std::int64_t ApplyOutcome::count(Outcome status) const {
  return std::count_if(outcomes.begin(), outcomes.end(),
                       [&](const std::optional<ChangeOutcome>& o) { return o && o->status == status; });
}

}  // namespace usersync
