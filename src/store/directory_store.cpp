#include "directory_store.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <unordered_map>

#include "codec.h"
#include "model/errors.h"
#include "model/text.h"

namespace usersync {

namespace {
std::optional<Timestamp> opt_time(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return Timestamp::parse(c.getString());
}
void bind_time(SQLite::Statement& q, int i, const std::optional<Timestamp>& t) {
  if (t)
    q.bind(i, t->iso());
  else
    q.bind(i);
}
}  // namespace

DirectoryState DirectoryStore::load() {
  DirectoryState state;
  std::unordered_map<std::int64_t, std::string> group_names;
  SQLite::Statement g(db_.sql(),
                      "SELECT id, name, created_by_usersync, remote_id FROM directory_groups ORDER BY name_key");
  while (g.executeStep()) {
    state.groups.push_back({g.getColumn(0).getInt64(), g.getColumn(1).getString(), g.getColumn(2).getInt() != 0,
                            g.getColumn(3).getString()});
    group_names[state.groups.back().id] = state.groups.back().name;
  }
  std::unordered_map<std::int64_t, std::size_t> index;
  SQLite::Statement u(db_.sql(),
                      "SELECT id, username, active, attributes, last_login, first_seen, last_seen_in_source, "
                      "deactivated_at, created_by_usersync, deactivation_reason, reactivated_at, remote_id FROM directory_users "
                      "ORDER BY username_key");
  while (u.executeStep()) {
    DirectoryUser d;
    d.id = u.getColumn(0).getInt64();
    d.username = u.getColumn(1).getString();
    d.active = u.getColumn(2).getInt() != 0;
    d.attrs = attributes_from_json(u.getColumn(3).getString());
    d.last_login = opt_time(u.getColumn(4));
    d.first_seen = opt_time(u.getColumn(5));
    d.last_seen_in_source = opt_time(u.getColumn(6));
    d.deactivated_at = opt_time(u.getColumn(7));
    d.created_by_usersync = u.getColumn(8).getInt() != 0;
    d.deactivation_reason = u.getColumn(9).getString();
    d.reactivated_at = opt_time(u.getColumn(10));
    d.remote_id = u.getColumn(11).getString();
    index[d.id] = state.users.size();
    state.users.push_back(std::move(d));
  }
  SQLite::Statement m(db_.sql(), "SELECT user_id, group_id FROM directory_memberships");
  while (m.executeStep())
    state.users[index.at(m.getColumn(0).getInt64())].groups.push_back(group_names.at(m.getColumn(1).getInt64()));
  for (auto& d : state.users) sort_folded(d.groups);
  return state;
}

std::int64_t DirectoryStore::user_count() {
  return db_.sql().execAndGet("SELECT count(*) FROM directory_users").getInt64();
}
std::int64_t DirectoryStore::group_count() {
  return db_.sql().execAndGet("SELECT count(*) FROM directory_groups").getInt64();
}

std::int64_t DirectoryStore::version() { return std::stoll(db_.meta("directory_version", "0")); }
void DirectoryStore::bump_version() { db_.set_meta("directory_version", std::to_string(version() + 1)); }
std::string DirectoryStore::export_checksum() { return db_.meta("directory_export_checksum"); }

void DirectoryStore::replace_from_export(const DirectoryState& exported, const std::string& checksum, Timestamp now) {
  auto old = load();
  std::unordered_map<std::string, const DirectoryUser*> old_users;
  for (const auto& u : old.users) old_users[fold_case(u.username)] = &u;
  std::unordered_map<std::string, bool> old_groups;
  for (const auto& g : old.groups) old_groups[fold_case(g.name)] = g.created_by_usersync;

  db_.sql().exec("DELETE FROM directory_memberships; DELETE FROM directory_users; DELETE FROM directory_groups;");
  SQLite::Statement gi(db_.sql(),
                       "INSERT INTO directory_groups(name, name_key, created_by_usersync, remote_id) VALUES(?,?,?,?)");
  std::unordered_map<std::string, std::int64_t> group_ids;
  auto add_group = [&](const std::string& name, const std::string& remote_id) {
    auto key = fold_case(name);
    if (group_ids.count(key)) return group_ids[key];
    gi.reset();
    gi.bind(1, name);
    gi.bind(2, key);
    gi.bind(3, old_groups.count(key) && old_groups[key] ? 1 : 0);
    gi.bind(4, remote_id);
    gi.exec();
    return group_ids[key] = db_.sql().getLastInsertRowid();
  };
  for (const auto& g : exported.groups) add_group(g.name, g.remote_id);

  SQLite::Statement ui(
      db_.sql(),
      "INSERT INTO directory_users(username, username_key, active, attributes, last_login, first_seen, "
      "last_seen_in_source, deactivated_at, created_by_usersync, remote_id) VALUES(?,?,?,?,?,?,?,?,?,?)");
  SQLite::Statement mi(db_.sql(), "INSERT OR IGNORE INTO directory_memberships(user_id, group_id) VALUES(?,?)");
  for (const auto& u : exported.users) {
    auto it = old_users.find(fold_case(u.username));
    const DirectoryUser* prev = it == old_users.end() ? nullptr : it->second;
    ui.reset();
    ui.bind(1, u.username);
    ui.bind(2, fold_case(u.username));
    ui.bind(3, u.active ? 1 : 0);
    ui.bind(4, attributes_to_json(u.attrs));
    bind_time(ui, 5, u.last_login);
    bind_time(ui, 6, prev && prev->first_seen ? prev->first_seen : std::optional<Timestamp>(now));
    bind_time(ui, 7, prev ? prev->last_seen_in_source : std::nullopt);
    // An export that says inactive keeps the date usersync saw it deactivated, or starts it now.
    bind_time(ui, 8,
              u.active ? std::nullopt : (prev && prev->deactivated_at ? prev->deactivated_at : std::optional(now)));
    ui.bind(9, prev && prev->created_by_usersync ? 1 : 0);
    ui.bind(10, u.remote_id);
    ui.exec();
    auto uid = db_.sql().getLastInsertRowid();
    for (const auto& g : u.groups) {
      mi.reset();
      mi.bind(1, uid);
      mi.bind(2, add_group(g, ""));
      mi.exec();
    }
  }
  db_.set_meta("directory_export_checksum", checksum);
  bump_version();
}

std::int64_t DirectoryStore::user_id(const std::string& username) {
  SQLite::Statement q(db_.sql(), "SELECT id FROM directory_users WHERE username_key = ?");
  q.bind(1, fold_case(username));
  if (!q.executeStep()) throw Error(ExitCode::internal, "directory has no user '" + username + "'");
  return q.getColumn(0).getInt64();
}

std::int64_t DirectoryStore::group_id(const std::string& name) {
  SQLite::Statement q(db_.sql(), "SELECT id FROM directory_groups WHERE name_key = ?");
  q.bind(1, fold_case(name));
  if (!q.executeStep()) throw Error(ExitCode::internal, "directory has no group '" + name + "'");
  return q.getColumn(0).getInt64();
}

void DirectoryStore::create_group(const std::string& name) {
  SQLite::Statement q(db_.sql(), "INSERT INTO directory_groups(name, name_key, created_by_usersync) VALUES(?,?,1)");
  q.bind(1, name);
  q.bind(2, fold_case(name));
  q.exec();
}

void DirectoryStore::create_user(const std::string& username, const Attributes& attrs, bool active, Timestamp now) {
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO directory_users(username, username_key, active, attributes, first_seen, "
                      "last_seen_in_source, deactivated_at, created_by_usersync) VALUES(?,?,?,?,?,?,?,1)");
  q.bind(1, username);
  q.bind(2, fold_case(username));
  q.bind(3, active ? 1 : 0);
  q.bind(4, attributes_to_json(attrs));
  q.bind(5, now.iso());
  q.bind(6, now.iso());
  bind_time(q, 7, active ? std::nullopt : std::optional(now));
  q.exec();
}

void DirectoryStore::rename_user(const std::string& from, const std::string& to) {
  SQLite::Statement q(db_.sql(), "UPDATE directory_users SET username = ?, username_key = ? WHERE id = ?");
  q.bind(1, to);
  q.bind(2, fold_case(to));
  q.bind(3, user_id(from));
  q.exec();
}

void DirectoryStore::set_attribute(const std::string& username, const std::string& name,
                                   const std::optional<std::string>& value) {
  auto id = user_id(username);
  SQLite::Statement r(db_.sql(), "SELECT attributes FROM directory_users WHERE id = ?");
  r.bind(1, id);
  r.executeStep();
  auto attrs = attributes_from_json(r.getColumn(0).getString());
  if (value)
    attrs.set(name, *value);
  else
    attrs.erase(name);
  SQLite::Statement q(db_.sql(), "UPDATE directory_users SET attributes = ? WHERE id = ?");
  q.bind(1, attributes_to_json(attrs));
  q.bind(2, id);
  q.exec();
}

void DirectoryStore::set_active(const std::string& username, bool active, Timestamp now, const std::string& reason) {
  SQLite::Statement q(
      db_.sql(), active ? "UPDATE directory_users SET active = 1, deactivated_at = NULL, deactivation_reason = '', "
                          "reactivated_at = ? WHERE id = ?"
                        : "UPDATE directory_users SET active = 0, deactivated_at = ?, deactivation_reason = ? "
                          "WHERE id = ?");
  q.bind(1, now.iso());
  if (active) {
    q.bind(2, user_id(username));
  } else {
    q.bind(2, reason);
    q.bind(3, user_id(username));
  }
  q.exec();
}

void DirectoryStore::add_membership(const std::string& username, const std::string& group) {
  SQLite::Statement q(db_.sql(), "INSERT OR IGNORE INTO directory_memberships(user_id, group_id) VALUES(?,?)");
  q.bind(1, user_id(username));
  q.bind(2, group_id(group));
  q.exec();
}

void DirectoryStore::remove_membership(const std::string& username, const std::string& group) {
  SQLite::Statement q(db_.sql(), "DELETE FROM directory_memberships WHERE user_id = ? AND group_id = ?");
  q.bind(1, user_id(username));
  q.bind(2, group_id(group));
  q.exec();
}

void DirectoryStore::delete_user(const std::string& username) {
  SQLite::Statement q(db_.sql(), "DELETE FROM directory_users WHERE id = ?");
  q.bind(1, user_id(username));
  q.exec();
}

void DirectoryStore::set_user_remote_id(const std::string& username, const std::string& remote_id) {
  SQLite::Statement q(db_.sql(), "UPDATE directory_users SET remote_id = ? WHERE id = ?");
  q.bind(1, remote_id);
  q.bind(2, user_id(username));
  q.exec();
}

void DirectoryStore::set_group_remote_id(const std::string& name, const std::string& remote_id) {
  SQLite::Statement q(db_.sql(), "UPDATE directory_groups SET remote_id = ? WHERE id = ?");
  q.bind(1, remote_id);
  q.bind(2, group_id(name));
  q.exec();
}

void DirectoryStore::attach_remote_ids(std::vector<Change>& changes) {
  std::unordered_map<std::string, std::string> users, groups;
  SQLite::Statement u(db_.sql(), "SELECT username_key, remote_id FROM directory_users WHERE remote_id <> ''");
  while (u.executeStep()) users.emplace(u.getColumn(0).getString(), u.getColumn(1).getString());
  SQLite::Statement g(db_.sql(), "SELECT name_key, remote_id FROM directory_groups WHERE remote_id <> ''");
  while (g.executeStep()) groups.emplace(g.getColumn(0).getString(), g.getColumn(1).getString());
  if (users.empty() && groups.empty()) return;
  for (auto& c : changes) {
    // A rename finds its user under the old name.
    const std::string& name = c.kind == ChangeKind::user_rename ? c.from.value_or("") : c.username;
    if (auto it = users.find(fold_case(name)); it != users.end()) {
      c.user_ref = it->second;
      if (c.kind == ChangeKind::user_rename) users[fold_case(c.username)] = c.user_ref;  // later changes use the new name
    }
    if (auto it = groups.find(fold_case(c.group)); !c.group.empty() && it != groups.end()) c.group_ref = it->second;
  }
}

void DirectoryStore::mark_seen_in_source(const std::string& username, Timestamp now) {
  if (!mark_seen_)
    mark_seen_ = std::make_unique<SQLite::Statement>(
        db_.sql(), "UPDATE directory_users SET last_seen_in_source = ? WHERE username_key = ?");
  mark_seen_->reset();
  mark_seen_->bind(1, now.iso());
  mark_seen_->bind(2, fold_case(username));
  mark_seen_->exec();
}

}  // namespace usersync
