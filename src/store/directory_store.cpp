#include "directory_store.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <initializer_list>
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
  // Ids are SQLite rowids, dense from 1: vectors indexed by id answer the five million membership
  // rows of a large directory without a hash lookup each (#11).
  std::vector<const std::string*> group_names;
  SQLite::Statement g(db_.sql(),
                      "SELECT id, name, created_by_usersync, remote_id FROM directory_groups ORDER BY name_key");
  while (g.executeStep())
    state.groups.push_back({g.getColumn(0).getInt64(), g.getColumn(1).getString(), g.getColumn(2).getInt() != 0,
                            g.getColumn(3).getString()});
  for (const auto& group : state.groups) {
    auto id = static_cast<std::size_t>(group.id);
    if (id >= group_names.size()) group_names.resize(id + 1, nullptr);
    group_names[id] = &group.name;
  }
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index;
  state.users.reserve(static_cast<std::size_t>(user_count()));
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
    auto id = static_cast<std::size_t>(d.id);
    if (id >= index.size()) index.resize(std::max(id + 1, index.size() * 2), kNone);
    index[id] = state.users.size();
    state.users.push_back(std::move(d));
  }
  auto unknown = [](const char* what, std::int64_t id) {
    return Error(ExitCode::internal,
                 std::string("directory membership names an unknown ") + what + " id " + std::to_string(id));
  };
  // In primary-key order a user's memberships come together: each user's list is sized once.
  SQLite::Statement m(db_.sql(), "SELECT user_id, group_id FROM directory_memberships ORDER BY user_id, group_id");
  std::int64_t current = -1;
  std::vector<const std::string*> names;
  auto flush = [&] {
    if (names.empty()) return;
    auto& groups = state.users[index[static_cast<std::size_t>(current)]].groups;
    groups.reserve(groups.size() + names.size());
    for (const auto* n : names) groups.push_back(*n);
    names.clear();
  };
  while (m.executeStep()) {
    auto user = m.getColumn(0).getInt64(), group = m.getColumn(1).getInt64();
    auto u = static_cast<std::size_t>(user), g = static_cast<std::size_t>(group);
    if (user < 0 || u >= index.size() || index[u] == kNone) throw unknown("user", user);
    if (group < 0 || g >= group_names.size() || !group_names[g]) throw unknown("group", group);
    if (user != current) flush(), current = user;
    names.push_back(group_names[g]);
  }
  flush();
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

namespace {
/// A directory user row as stored: what a refresh compares an exported user with, without
/// parsing its attributes (equal attributes are equal JSON text, codec.h).
/// Runs each statement in turn with `id` as its one parameter (a row's dependants, then the row).
void run_with_id(std::initializer_list<SQLite::Statement*> statements, std::int64_t id) {
  for (auto* st : statements) {
    st->reset();
    st->bind(1, id);
    st->exec();
  }
}

struct StoredUser {
  std::int64_t id = 0;
  std::string username, attributes;
  bool active = true;
  std::optional<std::string> last_login, deactivated_at, reactivated_at;
  std::string deactivation_reason, remote_id;
};
}  // namespace

void DirectoryStore::replace_from_export(const DirectoryState& exported, const std::string& checksum, Timestamp now) {
  // A set-based diff (#11): only rows the export changed are written, and the old directory is
  // read one row at a time. Both sides are in folded-username order, so one merge pass pairs them.
  std::unordered_map<std::string, std::int64_t> group_ids;  // folded name -> id
  {
    std::vector<std::int64_t> gone;
    std::unordered_map<std::string, const DirectoryGroup*> wanted;
    for (const auto& g : exported.groups) wanted.emplace(fold_case(g.name), &g);
    for (const auto& u : exported.users)
      for (const auto& g : u.groups) wanted.emplace(fold_case(g), nullptr);
    SQLite::Statement q(db_.sql(), "SELECT id, name, name_key, remote_id FROM directory_groups");
    SQLite::Statement rename(db_.sql(), "UPDATE directory_groups SET name = ?, remote_id = ? WHERE id = ?");
    while (q.executeStep()) {
      auto key = q.getColumn(2).getString();
      auto it = wanted.find(key);
      if (it == wanted.end()) {
        gone.push_back(q.getColumn(0).getInt64());
        continue;
      }
      group_ids[key] = q.getColumn(0).getInt64();
      // A group only a membership names (not in the export's group list: a SCIM service whose
      // users name groups /Groups does not list) keeps the id, spelling and remote id it has;
      // the old delete-and-insert refresh took the first member's spelling and dropped the id.
      if (!it->second) continue;
      if (it->second->name == q.getColumn(1).getString() && it->second->remote_id == q.getColumn(3).getString())
        continue;
      rename.reset();
      rename.bind(1, it->second->name);
      rename.bind(2, it->second->remote_id);
      rename.bind(3, q.getColumn(0).getInt64());
      rename.exec();
    }
    SQLite::Statement drop_members(db_.sql(), "DELETE FROM directory_memberships WHERE group_id = ?");
    SQLite::Statement drop(db_.sql(), "DELETE FROM directory_groups WHERE id = ?");
    for (auto id : gone) run_with_id({&drop_members, &drop}, id);
  }
  SQLite::Statement gi(db_.sql(),
                       "INSERT INTO directory_groups(name, name_key, created_by_usersync, remote_id) VALUES(?,?,0,?)");
  auto group_of = [&](const std::string& name, const std::string& remote_id) {
    auto key = fold_case(name);
    if (auto it = group_ids.find(key); it != group_ids.end()) return it->second;
    gi.reset();
    gi.bind(1, name);
    gi.bind(2, key);
    gi.bind(3, remote_id);
    gi.exec();
    return group_ids[key] = db_.sql().getLastInsertRowid();
  };
  for (const auto& g : exported.groups) group_of(g.name, g.remote_id);

  SQLite::Statement ui(
      db_.sql(),
      "INSERT INTO directory_users(username, username_key, active, attributes, last_login, first_seen, "
      "last_seen_in_source, deactivated_at, created_by_usersync, remote_id) VALUES(?,?,?,?,?,?,NULL,?,0,?)");
  // What an export says replaces what usersync recorded of an earlier deactivation or reactivation.
  SQLite::Statement uu(db_.sql(),
                       "UPDATE directory_users SET username = ?, active = ?, attributes = ?, last_login = ?, "
                       "deactivated_at = ?, deactivation_reason = '', reactivated_at = NULL, remote_id = ? "
                       "WHERE id = ?");
  SQLite::Statement ud(db_.sql(), "DELETE FROM directory_users WHERE id = ?");
  SQLite::Statement members(db_.sql(), "SELECT group_id FROM directory_memberships WHERE user_id = ?");
  SQLite::Statement mi(db_.sql(), "INSERT OR IGNORE INTO directory_memberships(user_id, group_id) VALUES(?,?)");
  SQLite::Statement md(db_.sql(), "DELETE FROM directory_memberships WHERE user_id = ? AND group_id = ?");
  SQLite::Statement mall(db_.sql(), "DELETE FROM directory_memberships WHERE user_id = ?");
  SQLite::Statement old(db_.sql(),
                        "SELECT id, username, username_key, active, attributes, last_login, deactivated_at, "
                        "deactivation_reason, reactivated_at, remote_id FROM directory_users ORDER BY username_key");

  auto sync_memberships = [&](std::int64_t uid, const DirectoryUser& u, bool fresh) {
    std::vector<std::int64_t> want;
    want.reserve(u.groups.size());
    for (const auto& g : u.groups) want.push_back(group_of(g, ""));
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    std::vector<std::int64_t> have;
    if (!fresh) {
      members.reset();
      members.bind(1, uid);
      while (members.executeStep()) have.push_back(members.getColumn(0).getInt64());
      std::sort(have.begin(), have.end());
    }
    std::vector<std::int64_t> add, remove;
    std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(add));
    std::set_difference(have.begin(), have.end(), want.begin(), want.end(), std::back_inserter(remove));
    for (auto g : add) {
      mi.reset();
      mi.bind(1, uid);
      mi.bind(2, g);
      mi.exec();
    }
    for (auto g : remove) {
      md.reset();
      md.bind(1, uid);
      md.bind(2, g);
      md.exec();
    }
  };
  auto iso = [](const std::optional<Timestamp>& t) { return t ? std::optional(t->iso()) : std::nullopt; };
  auto insert = [&](const DirectoryUser& u, const std::string& key) {
    ui.reset();
    ui.bind(1, u.username);
    ui.bind(2, key);
    ui.bind(3, u.active ? 1 : 0);
    ui.bind(4, attributes_to_json(u.attrs));
    bind_time(ui, 5, u.last_login);
    ui.bind(6, now.iso());
    // An export that says inactive starts the deactivation clock now.
    bind_time(ui, 7, u.active ? std::nullopt : std::optional(now));
    ui.bind(8, u.remote_id);
    ui.exec();
    sync_memberships(db_.sql().getLastInsertRowid(), u, true);
  };
  // A row the export changed: its new attributes (as stored) and deactivation date.
  struct Update {
    const DirectoryUser* user;
    std::int64_t id;
    std::string attributes;
    std::optional<std::string> deactivated;
  };
  auto needs_update = [&](const DirectoryUser& u, const StoredUser& prev) -> std::optional<Update> {
    // An export that says inactive keeps the date usersync saw it deactivated, or starts it now.
    auto deactivated = u.active ? std::nullopt : prev.deactivated_at ? prev.deactivated_at : std::optional(now.iso());
    auto attributes = attributes_to_json(u.attrs);
    // What an export says replaces what usersync recorded of a deactivation or reactivation.
    if (u.username == prev.username && u.active == prev.active && iso(u.last_login) == prev.last_login &&
        deactivated == prev.deactivated_at && prev.deactivation_reason.empty() && !prev.reactivated_at &&
        u.remote_id == prev.remote_id && attributes == prev.attributes)
      return std::nullopt;
    return Update{&u, prev.id, std::move(attributes), deactivated};
  };
  auto read_old = [&]() -> std::optional<std::pair<std::string, StoredUser>> {
    if (!old.executeStep()) return std::nullopt;
    StoredUser p;
    p.id = old.getColumn(0).getInt64();
    p.username = old.getColumn(1).getString();
    p.active = old.getColumn(3).getInt() != 0;
    p.attributes = old.getColumn(4).getString();
    p.last_login = optional_text(old.getColumn(5));
    p.deactivated_at = optional_text(old.getColumn(6));
    p.deactivation_reason = old.getColumn(7).getString();
    p.reactivated_at = optional_text(old.getColumn(8));
    p.remote_id = old.getColumn(9).getString();
    return std::pair(old.getColumn(2).getString(), std::move(p));
  };
  std::vector<std::pair<std::string, const DirectoryUser*>> incoming;
  incoming.reserve(exported.users.size());
  for (const auto& u : exported.users) incoming.emplace_back(fold_case(u.username), &u);
  // SQLite orders the keys by their bytes; so does the merge.
  std::sort(incoming.begin(), incoming.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  // While the old rows are walked, only other tables are written (memberships, new groups); the
  // user rows that change are written once the walk is over, so it never sees its own writes.
  std::vector<std::int64_t> gone;
  std::vector<Update> updates;
  std::vector<const std::pair<std::string, const DirectoryUser*>*> fresh;
  auto prev = read_old();
  for (const auto& in : incoming) {
    while (prev && prev->first < in.first) {
      gone.push_back(prev->second.id);
      prev = read_old();
    }
    if (prev && prev->first == in.first) {
      if (auto up = needs_update(*in.second, prev->second)) updates.push_back(std::move(*up));
      sync_memberships(prev->second.id, *in.second, false);
      prev = read_old();
    } else {
      fresh.push_back(&in);
    }
  }
  for (; prev; prev = read_old()) gone.push_back(prev->second.id);
  old.reset();

  // A first load writes every membership: the by-group index is built once afterwards, sorted,
  // rather than kept up to date through millions of inserts in user order.
  const bool bulk = updates.empty() && gone.empty() && fresh.size() == incoming.size() && fresh.size() > 1000;
  if (bulk) db_.sql().exec("DROP INDEX IF EXISTS memberships_by_group");
  for (auto id : gone) run_with_id({&mall, &ud}, id);
  for (const auto& up : updates) {
    const auto& u = *up.user;
    uu.reset();
    uu.bind(1, u.username);
    uu.bind(2, u.active ? 1 : 0);
    uu.bind(3, up.attributes);
    bind_time(uu, 4, u.last_login);
    bind_optional(uu, 5, up.deactivated);
    uu.bind(6, u.remote_id);
    uu.bind(7, up.id);
    uu.exec();
  }
  for (const auto* in : fresh) insert(*in->second, in->first);
  if (bulk) db_.sql().exec("CREATE INDEX memberships_by_group ON directory_memberships(group_id)");
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

void DirectoryStore::mark_seen_in_source(const std::vector<std::string>& usernames, Timestamp now) {
  // One statement for every name (#11): the keys go to a temporary table, the rows change in one
  // UPDATE that SQLite runs as a join on the username_key index.
  db_.sql().exec("CREATE TEMP TABLE IF NOT EXISTS seen_keys(key TEXT PRIMARY KEY) WITHOUT ROWID");
  db_.sql().exec("DELETE FROM temp.seen_keys");
  {
    SQLite::Statement add(db_.sql(), "INSERT OR IGNORE INTO temp.seen_keys VALUES(?)");
    for (const auto& name : usernames) {
      add.reset();
      add.bind(1, fold_case(name));
      add.exec();
    }
  }
  SQLite::Statement q(db_.sql(),
                      "UPDATE directory_users SET last_seen_in_source = ?1 WHERE username_key IN "
                      "(SELECT key FROM temp.seen_keys) AND last_seen_in_source IS NOT ?1");
  q.bind(1, now.iso());
  q.exec();
  db_.sql().exec("DELETE FROM temp.seen_keys");
}

}  // namespace usersync
