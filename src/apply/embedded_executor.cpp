#include "embedded_executor.h"

namespace usersync {

void EmbeddedExecutor::carry_out(const Change& c, Timestamp now) {
  switch (c.kind) {
    case ChangeKind::group_create:
      directory_.create_group(c.group);
      break;
    case ChangeKind::user_create:
      directory_.create_user(c.username, c.attrs, true, now);
      break;
    case ChangeKind::user_rename:
      directory_.rename_user(c.from.value_or(""), c.username);
      break;
    case ChangeKind::user_update:
      directory_.set_attribute(c.username, c.attribute, c.to);
      break;
    case ChangeKind::user_reactivate:
      directory_.set_active(c.username, true, now);
      break;
    case ChangeKind::user_deactivate:
      directory_.set_active(c.username, false, now, c.reasons.empty() ? std::string() : c.reasons.front());
      break;
    case ChangeKind::membership_add:
      directory_.add_membership(c.username, c.group);
      break;
    case ChangeKind::membership_remove:
      directory_.remove_membership(c.username, c.group);
      break;
    case ChangeKind::user_delete:
      directory_.delete_user(c.username);
      break;
  }
}

ApplyOutcome EmbeddedExecutor::apply(const std::vector<Change>& changes, Timestamp now, const Progress& progress,
                                     const KeepGoing&) {
  // One transaction is all or nothing, so a signal is the caller's to check before its commit.
  ApplyOutcome out;
  out.outcomes.reserve(changes.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    carry_out(changes[i], now);
    out.outcomes.emplace_back(ChangeOutcome{});
    if (progress) progress(i, changes[i], *out.outcomes.back());
  }
  if (!changes.empty()) directory_.bump_version();
  return out;
}

}  // namespace usersync
