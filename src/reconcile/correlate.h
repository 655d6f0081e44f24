#pragma once
// Correlation: merges the records of several sources into one desired user per person, and finds
// each person's account in the directory, by the configured keys compared case-insensitively.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/correction.h"
#include "model/identity.h"

namespace usersync {

/// What only some people have: corrections, per-attribute ranks and origins.
struct PersonExtras {
  /// Per attribute, the priority of the record its value came from; kept only while some source
  /// overrides priorities per attribute.
  std::map<std::string, std::int32_t> ranks;
  /// Manual corrections applied to this person (src/reconcile/corrections.h): attribute (or
  /// "active") -> correction id, for the reasons of the changes they cause.
  std::map<std::string, std::int64_t> corrected;
  /// Group memberships a correction adds (true) or removes (false), by folded group name, with
  /// the group's name and the correction id: applied to the groups the account ends up with.
  std::map<std::string, std::tuple<std::string, bool, std::int64_t>> group_edits;
  /// Values whose correction waits as a conflict: attributes, "active", "group:<folded name>". The
  /// account keeps them as they are until the admin decides.
  std::set<std::string> held;
  std::vector<CorrectionOutcome> correction_notes;  // for users.jsonl
  /// Per attribute, the source its value came from (only when merge_sources is asked: the export).
  std::map<std::string, std::string> origins;
};

/// PersonExtras behind a pointer, allocated on first write, copied deeply. A plan holds every
/// person at once and most of a million people have no extras: inline, these maps and sets were
/// half of each person's size (#11).
class Extras {
 public:
  Extras() = default;
  Extras(const Extras& o) : p_(o.p_ ? std::make_unique<PersonExtras>(*o.p_) : nullptr) {}
  Extras& operator=(const Extras& o) {
    p_ = o.p_ ? std::make_unique<PersonExtras>(*o.p_) : nullptr;
    return *this;
  }
  Extras(Extras&&) noexcept = default;
  Extras& operator=(Extras&&) noexcept = default;

  /// The extras, or an empty set of them.
  const PersonExtras& get() const {
    static const PersonExtras none;
    return p_ ? *p_ : none;
  }
  /// The extras to write to, allocated now if there were none.
  PersonExtras& set() {
    if (!p_) p_ = std::make_unique<PersonExtras>();
    return *p_;
  }

 private:
  std::unique_ptr<PersonExtras> p_;
};

/// One person as all sources together want them.
struct DesiredUser {
  std::string username;
  Attributes attrs;
  std::optional<bool> active;
  std::optional<std::vector<std::string>> groups;
  std::vector<SourceRef> sources;  // highest priority first
  bool skip = false;
  std::vector<std::string> reasons;
  std::vector<std::string> errors;
  /// Why this person cannot be told apart from another (correlation_ambiguous): nothing changes
  /// for them. "" when they can.
  std::string ambiguity;
  bool retiring_only = false;  // every record of theirs is from a retiring source
  bool from_correction = false;  // a new row of the corrections workbook: no source lists them
  std::string crosswalk_attribute;  // from the highest-priority record that has a crosswalk entry
  std::string crosswalk_value;
  Extras extras;
};

/// The value of a correlation key ("username", "email", "external_id", or any attribute).
std::string key_value(const DesiredUser& user, const std::string& key);
std::string key_value(const DirectoryUser& user, const std::string& key);

/// Merges source users into people. Sources are taken by priority (lower first, then by name;
/// retiring sources last); a record joins the person that shares a key with it. For each
/// attribute the highest-priority non-empty value wins (a source's `attribute_priority` overrides
/// its priority for that attribute); groups are the union of every non-retiring source that maps
/// groups (a retiring source's only when no other source maps them). A record whose keys lead to
/// two people, or that joins a person another record of its own source already is, makes every
/// one of them ambiguous: never guessed.
/// With `track_origins`, each person notes the source of every value (`origins`).
std::vector<DesiredUser> merge_sources(std::vector<SourceUser> users, const std::vector<std::string>& match_on,
                                       bool track_origins = false);

/// For each desired user, the index of its directory user: by crosswalk first, then key by key in
/// `match_on` order. Ambiguity is reported, never resolved by guessing: a person whose keys lead
/// to two directory users, and every person claiming a directory user another also claims, get
/// `ambiguity[i]`; the directory users involved are held (`held`: left as they are, never taken
/// for missing).
struct DirectoryMatch {
  std::vector<std::optional<std::size_t>> match;
  std::vector<std::string> ambiguity;
  std::vector<std::pair<std::size_t, std::string>> held;  // directory user, why
};
DirectoryMatch match_directory(const std::vector<DesiredUser>& people, const DirectoryState& dir,
                               const std::vector<std::string>& match_on);

}  // namespace usersync
