#include "guards.h"

#include <cmath>

namespace usersync {

namespace {
std::string percent(double share) { return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%"; }
double rounded(double share) { return std::round(share * 10000) / 10000; }

void decide(GuardFigure& f, bool exceeded, bool allow_mass_changes, std::string message) {
  f.exceeded = exceeded;
  f.overridden = exceeded && allow_mass_changes;
  if (exceeded && !allow_mass_changes) f.message = std::move(message);
}
}  // namespace

std::vector<GuardFigure> source_guards(const SourceConfig& s, std::int64_t records,
                                       std::optional<std::int64_t> previous_records, const Guards& guards,
                                       bool allow_mass_changes) {
  std::vector<GuardFigure> out;
  // A retiring source deprovisions nobody (its people are kept while it lists them, and others
  // decide once it stops): emptying it is the end of a migration, not an accident to stop.
  if (s.retiring) return out;
  GuardFigure empty{"empty_source", s.spec.name, static_cast<double>(records), 1, std::to_string(records) + " records"};
  decide(empty, records == 0, allow_mass_changes,
         "source '" + s.spec.name + "' (" + s.path_as_written +
             ") has no records; refusing to plan from an empty source. If that is right, run again with "
             "--allow-mass-changes");
  out.push_back(std::move(empty));
  if (!previous_records || *previous_records == 0) return out;
  double lost = 1.0 - static_cast<double>(records) / static_cast<double>(*previous_records);
  GuardFigure shrink{"max_source_shrink", s.spec.name, rounded(lost > 0 ? lost : 0), guards.max_source_shrink,
                     std::to_string(*previous_records) + " -> " + std::to_string(records) + " records"};
  decide(shrink, records > 0 && lost > guards.max_source_shrink, allow_mass_changes,
         "source '" + s.spec.name + "' (" + s.path_as_written + ") shrank from " + std::to_string(*previous_records) +
             " to " + std::to_string(records) + " records (" + percent(lost) + " fewer; the guard allows " +
             percent(guards.max_source_shrink) +
             "); refusing to plan. If that is right, run again with "
             "--allow-mass-changes");
  out.push_back(std::move(shrink));
  return out;
}

std::vector<GuardFigure> deprovision_guards(const Plan& plan, std::int64_t directory_users, const Guards& guards,
                                            bool allow_mass_changes) {
  std::int64_t count = 0;
  for (const auto& c : plan.changes)
    if (c.kind == ChangeKind::user_deactivate || c.kind == ChangeKind::user_delete) ++count;
  std::vector<GuardFigure> out;
  GuardFigure total{"max_deprovision", "", static_cast<double>(count), static_cast<double>(guards.max_deprovision),
                    std::to_string(count) + " users deactivated or deleted"};
  decide(total, count > guards.max_deprovision, allow_mass_changes,
         "the plan would deactivate or delete " + std::to_string(count) + " users, more than the guard allows (" +
             std::to_string(guards.max_deprovision) + "); review the reports and run again with --allow-mass-changes");
  out.push_back(std::move(total));
  double share = directory_users ? static_cast<double>(count) / static_cast<double>(directory_users) : 0;
  GuardFigure part{"max_deprovision_share", "", rounded(share), guards.max_deprovision_share,
                   std::to_string(count) + " of " + std::to_string(directory_users) + " users"};
  if (directory_users < guards.min_directory_for_share)
    part.detail += "; not applied below " + std::to_string(guards.min_directory_for_share) + " users";
  decide(part,
         directory_users >= guards.min_directory_for_share &&
             static_cast<double>(count) > guards.max_deprovision_share * static_cast<double>(directory_users),
         allow_mass_changes,
         "the plan would deactivate or delete " + std::to_string(count) + " of " + std::to_string(directory_users) +
             " users, more than " + percent(guards.max_deprovision_share) +
             " of the directory; review the reports and run again with --allow-mass-changes");
  out.push_back(std::move(part));
  return out;
}

std::optional<std::string> refusal(const std::vector<GuardFigure>& figures) {
  for (const auto& f : figures)
    if (!f.message.empty()) return f.message;
  return std::nullopt;
}

}  // namespace usersync
