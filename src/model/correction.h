#pragma once
// A manual correction: an admin's edit of the desired state (through `usersync sheet import`),
// kept in the database and applied over every source at every plan until dropped or expired.
// Each correction remembers what the sources said when the admin saw the value (`baseline`): if
// the sources say something else now, the correction is a conflict and waits for the admin
// (three-way: baseline, the sources now, the correction).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usersync {

enum class CorrectionKind {
  set,           // attribute := value ("active" is an attribute here: "true"/"false")
  group_add,     // member of group `attribute`
  group_remove,  // not a member of group `attribute`, whatever the sources say
  create,        // a user no source lists (a new row); its values are `set` corrections
  deprovision,   // the row was deleted: the account is deactivated
};

std::string_view to_string(CorrectionKind kind);
std::optional<CorrectionKind> correction_kind_from(std::string_view text);

struct Correction {
  std::int64_t id = 0;
  std::string username;   // the user's row key: the username as exported (or as the new row gives it)
  CorrectionKind kind = CorrectionKind::set;
  std::string attribute;  // set: the attribute; group_*: the group's name; otherwise ""
  std::optional<std::string> exported;  // what the admin saw (none for a new row)
  std::optional<std::string> baseline;  // what the sources said then (none: they did not say)
  std::string value;                    // what the admin wants
  std::string note;
  std::string by;
  std::string created_at;  // ISO 8601, the run clock
  std::string expires;     // ISO 8601, "" for never
  std::string state = "active";  // active, conflict (waits for keep or drop), dropped, replaced
  std::optional<std::string> source_now;  // conflict: what the sources say now
  std::int64_t export_id = 0;
};

/// What a plan made of a correction in force.
struct CorrectionOutcome {
  std::int64_t id = 0;
  std::string username;
  std::string kind;
  std::string attribute;
  std::string state;  // applied, conflict, expired, no_user (the sources no longer have the user)
  std::optional<std::string> baseline;
  std::optional<std::string> source_now;
  std::string value;
};

}  // namespace usersync
