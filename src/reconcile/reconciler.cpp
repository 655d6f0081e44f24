#include "reconciler.h"

#include <algorithm>
#include <unordered_map>

#include "correlate.h"
#include "corrections.h"
#include "group_policy.h"
#include "model/text.h"
#include "plan_builder.h"

namespace usersync {

using detail::PlanBuilder;

namespace {
/// Group names as the directory will have them (rename rules, spelling of existing groups).
/// Once per distinct name: five million memberships name some fifty thousand groups, and a
/// rename runs regular expressions (#11).
void map_group_names(GroupPolicy& groups, std::vector<SourceUser>& source_users) {
  std::unordered_map<std::string, std::string> mapped;
  for (auto& u : source_users) {
    if (!u.groups) continue;
    for (auto& g : *u.groups) {
      auto [it, fresh] = mapped.try_emplace(g);
      if (fresh) {
        it->second = groups.map_name(g);
        groups.named_by_source(it->second);
      }
      g = it->second;
    }
    sort_unique_folded(*u.groups);
  }
}
}  // namespace

std::vector<DesiredUser> desired_state(const DirectoryState& directory, std::vector<SourceUser> source_users,
                                       const ReconcileOptions& options) {
  GroupPolicy groups(directory, options.groups, options.protected_groups);
  map_group_names(groups, source_users);
  return merge_sources(std::move(source_users), options.match_on, true);
}

Plan reconcile(DirectoryState directory, std::vector<SourceUser> source_users, const ReconcileOptions& options,
               Timestamp now) {
  GroupPolicy groups(directory, options.groups, options.protected_groups);
  map_group_names(groups, source_users);
  auto people = merge_sources(std::move(source_users), options.match_on);
  auto corrections = apply_corrections(people, options.corrections, now);
  auto matches = match_directory(people, directory, options.match_on);
  for (std::size_t i = 0; i < people.size(); ++i)
    if (!matches.ambiguity[i].empty())
      people[i].ambiguity += (people[i].ambiguity.empty() ? "" : "; ") + matches.ambiguity[i];
  auto in_required = [&](const DesiredUser& p) {
    // Ambiguous people and those only a retiring source lists are held as they are, whatever
    // their groups: the filter must not turn them into leavers.
    // A user an admin created through a correction is wanted whatever their groups.
    if (options.required_groups.empty() || !p.ambiguity.empty() || p.retiring_only || p.from_correction) return true;
    // Corrected memberships count: a group a correction adds can bring a person in scope.
    if (!p.groups && p.extras.get().group_edits.empty()) return false;
    auto groups = wanted_groups(p, {});
    return std::any_of(groups.begin(), groups.end(), [&](const auto& g) { return any_match(options.required_groups, g); });
  };
  PlanBuilder builder(directory, options, groups, now);
  builder.reserve(people.size() + directory.users.size());
  std::vector<const char*> missing_reason(directory.users.size(), reason::missing_from_sources);
  std::vector<bool> claimed(directory.users.size(), false);
  // Accounts an ambiguous record points at are left exactly as they are, and are not missing.
  std::vector<bool> matched(directory.users.size(), false);
  for (const auto& m : matches.match)
    if (m) matched[*m] = true;
  for (const auto& [d, why] : matches.held)
    if (!claimed[d]) {
      claimed[d] = true;
      if (!matched[d]) builder.held(directory.users[d], why);
    }
  // Matched people first, so that their final usernames are known before any create is checked.
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!matches.match[i]) continue;
    if (!in_required(people[i])) {
      missing_reason[*matches.match[i]] = reason::not_in_required_groups;
      continue;
    }
    claimed[*matches.match[i]] = true;
    builder.matched(people[i], directory.users[*matches.match[i]]);
    people[i] = DesiredUser{};  // decided: what it held is in its result now
  }
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (matches.match[i]) continue;
    if (!in_required(people[i]))
      builder.excluded(people[i]);
    else
      builder.unmatched_person(people[i]);
    people[i] = DesiredUser{};
  }
  // Every person is decided: the emptied shells (half a kilobyte each) go before the plan is built.
  people = {};
  matches = {};
  for (std::size_t i = 0; i < directory.users.size(); ++i)
    if (!claimed[i]) builder.missing(directory.users[i], missing_reason[i]);
  auto plan = builder.build();
  plan.corrections = std::move(corrections);
  return plan;
}

}  // namespace usersync
