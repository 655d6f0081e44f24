#include "correlate.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "model/key_index.h"
#include "model/text.h"

namespace usersync {

std::string key_value(const DesiredUser& user, const std::string& key) {
  return key == attr::username ? user.username : user.attrs.get(key);
}

std::string key_value(const DirectoryUser& user, const std::string& key) {
  return key == attr::username ? user.username : user.attrs.get(key);
}

namespace {
/// A correlation key's value without copying it ("" when the user has none).
template <class User>
std::string_view key_view(const User& user, const std::string& key) {
  if (key == attr::username) return user.username;
  const std::string* v = user.attrs.find(key);
  return v ? std::string_view(*v) : std::string_view();
}

void merge_groups(std::optional<std::vector<std::string>>& into, const std::optional<std::vector<std::string>>& from) {
  if (!from) return;
  if (!into) {
    into = from;
    return;
  }
  into->insert(into->end(), from->begin(), from->end());
  sort_unique_folded(*into);  // the higher-priority spelling of a group comes first and stays
}
}  // namespace

namespace {

/// "source 'hr' record E1".
std::string record_name(const SourceRef& r) { return "source '" + r.source + "' record " + r.record_id; }

/// The priority of a record's value for `attribute`: lower wins; a retiring source's never does.
std::int32_t rank_of(const SourceUser& u, const std::string& attribute) {
  if (u.retiring) return std::numeric_limits<std::int32_t>::max();
  if (u.attribute_priority) {
    auto it = u.attribute_priority->find(attribute);
    if (it != u.attribute_priority->end()) return it->second;
  }
  return u.priority;
}

/// Adds a reason, once. Bounded: a value shared by thousands of records (a noreply address) must
/// not grow one message, or the time to build it, with each of them.
void add_ambiguity(std::string& into, const std::string& why) {
  constexpr std::size_t kLongest = 600;
  constexpr std::string_view kMore = "; and more";
  if (into.size() >= kLongest) {
    if (!into.ends_with(kMore)) into += kMore;
    return;
  }
  if (into.find(why) == std::string::npos) into += (into.empty() ? "" : "; ") + why;
}

}  // namespace

std::vector<DesiredUser> merge_sources(std::vector<SourceUser> users, const std::vector<std::string>& match_on,
                                       bool track_origins) {
  auto before = [](const SourceUser& a, const SourceUser& b) {
    if (a.retiring != b.retiring) return !a.retiring;
    return a.priority != b.priority ? a.priority < b.priority : a.ref.source < b.ref.source;
  };
  // Usually in order already (one source, or sources staged by priority): a stable sort of a
  // million records would still move each of them some twenty times.
  if (!std::is_sorted(users.begin(), users.end(), before)) std::stable_sort(users.begin(), users.end(), before);
  const bool ranked = std::any_of(users.begin(), users.end(), [](const SourceUser& u) { return u.attribute_priority; });
  std::vector<DesiredUser> people;
  people.reserve(users.size());  // a person is large: growing by copies would hold two arrays at once
  // Per key, the first person that had each value. A person whose keyed value a higher-ranked
  // source later replaced keeps the old value too (`replaced`: rare, so a map of strings).
  std::vector<KeyIndex> index;
  for (std::size_t k = 0; k < match_on.size(); ++k) index.emplace_back(users.size());
  std::vector<std::unordered_map<std::string, std::size_t>> replaced(match_on.size());
  auto holds = [&](std::size_t k, std::string_view v) {
    return [&, k, v](std::uint32_t at) { return iequals(key_view(people[at], match_on[k]), v); };
  };
  auto person_with = [&](std::size_t k, std::string_view v) -> std::optional<std::size_t> {
    auto hits = index[k].find(v, holds(k, v));
    if (!hits.empty()) return hits.front();
    if (replaced[k].empty()) return std::nullopt;
    auto it = replaced[k].find(fold_case(v));
    return it == replaced[k].end() ? std::nullopt : std::optional(it->second);
  };
  for (auto& u : users) {
    // Every person a key of this record leads to, with the key that led there.
    std::vector<std::pair<std::size_t, std::string>> found;
    for (std::size_t k = 0; k < match_on.size(); ++k) {
      auto v = key_view(u, match_on[k]);
      if (v.empty()) continue;
      auto hit = person_with(k, v);
      if (!hit) continue;
      if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.first == *hit; }))
        found.emplace_back(*hit, match_on[k] + " '" + std::string(v) + "'");
    }
    std::string ambiguity;
    if (found.size() > 1) {
      ambiguity = record_name(u.ref) + " matches " + record_name(people[found[0].first].sources.front()) + " by " +
                  found[0].second + " and " + record_name(people[found[1].first].sources.front()) + " by " +
                  found[1].second;
    } else if (found.size() == 1) {
      for (const auto& r : people[found[0].first].sources)
        if (r.source == u.ref.source)
          ambiguity = record_name(u.ref) + " and " + record_name(r) + " are two records of one source that match by " +
                      found[0].second;
    }
    if (!ambiguity.empty()) {
      for (const auto& f : found) add_ambiguity(people[f.first].ambiguity, ambiguity);
      found.clear();  // the record stays a person of its own, as ambiguous as the others
    }
    std::size_t at;
    if (!found.empty()) {
      at = found.front().first;
      auto& p = people[at];
      if (p.username.empty()) p.username = u.username;
      for (const auto& [name, value] : u.attrs.entries()) {
        auto rank = rank_of(u, name);
        if (!p.attrs.has(name)) {
          p.attrs.set(name, value);
          if (ranked) p.extras.set().ranks[name] = rank;
          if (track_origins) p.extras.set().origins[name] = u.ref.source;
        } else if (ranked) {
          auto& ranks = p.extras.set().ranks;
          auto it = ranks.find(name);
          if (it != ranks.end() && rank < it->second) {
            // The old value keeps leading here only where it led here (the first person with a
            // value keeps it, as with any key).
            for (std::size_t k = 0; k < match_on.size(); ++k)
              if (auto old = p.attrs.get(name); match_on[k] == name && !old.empty())
                if (auto holder = person_with(k, old); holder && *holder == at)
                  replaced[k].emplace(fold_case(old), at);
            p.attrs.set(name, value);
            it->second = rank;
            if (track_origins) p.extras.set().origins[name] = u.ref.source;
          }
        }
      }
      // A retiring source never deprovisions: its "inactive" counts only where nobody else speaks.
      if (!p.active && !(u.retiring && u.active == false)) {
        p.active = u.active;
        if (track_origins && u.active) p.extras.set().origins[attr::active] = u.ref.source;
      }
      if (!u.retiring || !p.groups || p.retiring_only) {
        if (track_origins && u.groups) {
          auto& from = p.extras.set().origins[attr::groups];
          from += (from.empty() ? "" : ", ") + u.ref.source;
        }
        merge_groups(p.groups, u.groups);
      }
      if (p.crosswalk_value.empty()) p.crosswalk_attribute = u.crosswalk_attribute, p.crosswalk_value = u.crosswalk_value;
      p.retiring_only = p.retiring_only && u.retiring;
      p.sources.push_back(u.ref);
      p.skip = p.skip || u.skip;
      p.reasons.insert(p.reasons.end(), u.reasons.begin(), u.reasons.end());
      p.errors.insert(p.errors.end(), u.errors.begin(), u.errors.end());
    } else {
      at = people.size();
      DesiredUser fresh{u.username, std::move(u.attrs),   u.active,           std::move(u.groups), {u.ref},
                        u.skip,     std::move(u.reasons), std::move(u.errors)};
      fresh.ambiguity = ambiguity;
      fresh.retiring_only = u.retiring;
      if (u.retiring && u.active == false) fresh.active.reset();
      fresh.crosswalk_attribute = u.crosswalk_attribute;
      fresh.crosswalk_value = u.crosswalk_value;
      if (ranked)
        for (const auto& [name, value] : fresh.attrs.entries()) fresh.extras.set().ranks[name] = rank_of(u, name);
      if (track_origins) {
        auto& origins = fresh.extras.set().origins;
        for (const auto& [name, value] : fresh.attrs.entries()) origins[name] = u.ref.source;
        if (fresh.active) origins[attr::active] = u.ref.source;
        if (fresh.groups) origins[attr::groups] = u.ref.source;
      }
      people.push_back(std::move(fresh));
    }
    for (std::size_t k = 0; k < match_on.size(); ++k) {
      auto v = key_view(people[at], match_on[k]);
      if (!v.empty() && !person_with(k, v)) index[k].add(v, static_cast<std::uint32_t>(at), holds(k, v));
    }
  }
  if (ranked)
    for (auto& p : people) p.extras.set().ranks.clear();
  return people;
}

DirectoryMatch match_directory(const std::vector<DesiredUser>& people, const DirectoryState& dir,
                               const std::vector<std::string>& match_on) {
  // Indexes by attribute, built on first use: match_on keys, and crosswalk targets. A value two
  // accounts share leads to both: never one of them.
  std::unordered_map<std::string, KeyIndex> index;
  auto lookup = [&](const std::string& attribute, std::string_view value) -> std::vector<std::size_t> {
    auto [it, fresh] = index.try_emplace(attribute);
    KeyIndex& ix = it->second;
    // Whether account `p` has `v` as its value of the attribute: the index's key check.
    auto has = [&](std::string_view v) {
      return [&, v](std::uint32_t p) { return iequals(key_view(dir.users[p], attribute), v); };
    };
    if (fresh) {
      ix = KeyIndex(dir.users.size());
      for (std::size_t i = 0; i < dir.users.size(); ++i)
        if (auto v = key_view(dir.users[i], attribute); !v.empty()) ix.add(v, static_cast<std::uint32_t>(i), has(v));
    }
    auto hits = ix.find(value, has(value));
    return {hits.begin(), hits.end()};
  };
  DirectoryMatch out;
  out.match.resize(people.size());
  out.ambiguity.resize(people.size());
  std::vector<std::optional<std::size_t>> claimed_by(dir.users.size());
  auto name = [&](std::size_t p) { return record_name(people[p].sources.front()); };
  auto names = [&](const std::vector<std::size_t>& accounts) {
    std::string out_names;
    for (std::size_t i = 0; i < accounts.size() && i < 3; ++i)
      out_names += (i ? ", '" : "'") + dir.users[accounts[i]].username + "'";
    return accounts.size() > 3 ? out_names + " and " + std::to_string(accounts.size() - 3) + " more" : out_names;
  };
  for (std::size_t p = 0; p < people.size(); ++p) {
    const auto& person = people[p];
    std::optional<std::size_t> match;
    std::string how;
    bool ambiguous = false;
    auto several = [&](const std::vector<std::size_t>& accounts, const std::string& by) {
      std::string why = name(p) + " matches directory users " + names(accounts) + " by " + by;
      add_ambiguity(out.ambiguity[p], why);
      for (auto a : accounts) out.held.emplace_back(a, why);
      ambiguous = true;
    };
    // A crosswalk says which account this is, whatever the names and addresses say now.
    if (!person.crosswalk_value.empty()) {
      how = "crosswalk " + person.crosswalk_attribute + " '" + person.crosswalk_value + "'";
      auto hits = lookup(person.crosswalk_attribute, person.crosswalk_value);
      if (hits.size() == 1) match = hits.front();
      if (hits.size() > 1) several(hits, how);
    }
    if (!match && !ambiguous) {
      for (const auto& key : match_on) {
        auto v = key_view(person, key);
        if (v.empty()) continue;
        auto hits = lookup(key, v);
        if (hits.empty()) continue;
        std::string by = key + " '" + std::string(v) + "'";
        if (!match && hits.size() == 1) {
          match = hits.front();
          how = by;
        } else if (!match) {
          several(hits, by);
          break;
        } else if (std::find(hits.begin(), hits.end(), *match) == hits.end()) {
          // A later key leads elsewhere (one account, or several without the matched one).
          std::vector<std::size_t> both{*match};
          both.insert(both.end(), hits.begin(), hits.end());
          std::string why = name(p) + " matches directory users '" + dir.users[*match].username + "' by " + how +
                            " and " + names(hits) + " by " + by;
          add_ambiguity(out.ambiguity[p], why);
          for (auto a : hits) out.held.emplace_back(a, why);
        }
      }
    }
    if (!match) continue;
    if (auto holder = claimed_by[*match]) {
      std::string why = name(*holder) + " and " + name(p) + " both match directory user '" +
                        dir.users[*match].username + "' (" + how + ")";
      add_ambiguity(out.ambiguity[*holder], why);
      add_ambiguity(out.ambiguity[p], why);
      continue;  // the first claimant holds the account; this one is an error of its own
    }
    claimed_by[*match] = p;
    out.match[p] = match;
  }
  // An account held for an ambiguity that someone else matched: that person is part of it too.
  for (const auto& [d, why] : out.held)
    if (auto holder = claimed_by[d]) add_ambiguity(out.ambiguity[*holder], why);
  return out;
}

}  // namespace usersync
