#include "directory_reader.h"

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "importers/registry.h"
#include "importers/source_files.h"
#include "model/key_index.h"
#include "model/text.h"

namespace usersync {

namespace {

/// A column or mapped attribute holding the target's id of a user (not an attribute to sync).
constexpr const char* kRemoteId = "remote_id";

/// One user as read so far, with the line each of its values came from.
struct Row {
  DirectoryUser user;
  std::int64_t line = 0;
  bool active_stated = false;  // a row said active or not (an empty cell says nothing)
};

/// Turns export records into directory users, merging the rows of one user. A dump's records
/// wait for its memberships (a member list may come before the users it names) and are joined in
/// memory: the directory is held in memory whole anyway.
class DirectorySink : public RecordSink {
 public:
  DirectorySink(const Config& cfg, const ImporterInfo& format) : cfg_(cfg), format_(format) {
    if (cfg.directory.mapped()) mapping_ = cfg.directory_mapping();
  }

  void group(const GroupRecord& g) override { group_names_.emplace(ref(g.id), g.name); }
  void membership(const MembershipRecord& m) override {
    if (m.type == MemberType::user) memberships_.push_back(m);
  }

  void header(const Header& h, const SourceLocation& where) override {
    if (mapping_) return mapping_->check_fields(h, where, cfg_.file);
    if (!h.index(attr::username))
      throw InputError(where, "the directory export has no 'username' column; its columns are: " + join(h.names(), ", ") +
                           ". An export in another layout needs a preset or a [directory.mapping]");
  }

  void user(const Record& rec) override {
    if (format_.memberships) {
      waiting_.push_back(rec);
      return;
    }
    add(rec);
  }

  DirectoryState finish() {
    if (format_.memberships) join_waiting();
    return collect();
  }

 private:
  std::string ref(const std::string& id) const { return format_.ids_ignore_case ? fold_case(id) : id; }

  /// Gives each waiting record its `@groups` (direct memberships, as the application has them), then
  /// reads it like any other.
  void join_waiting() {
    std::unordered_map<std::string, std::size_t> by_id;
    std::map<std::string, std::unordered_map<std::string, std::size_t>> by_field;
    for (std::size_t i = 0; i < waiting_.size(); ++i) by_id.emplace(ref(waiting_[i].id), i);
    std::vector<std::vector<std::string>> groups(waiting_.size());
    for (const auto& m : memberships_) {
      std::optional<std::size_t> who;
      if (m.member_field.empty()) {
        auto it = by_id.find(ref(m.member));
        if (it != by_id.end()) who = it->second;
      } else {
        auto [slot, fresh] = by_field.try_emplace(m.member_field);
        auto& index = slot->second;
        if (fresh)
          for (std::size_t i = 0; i < waiting_.size(); ++i)
            if (const std::string* v = waiting_[i].get(m.member_field)) index.emplace(*v, i);
        auto it = index.find(m.member);
        if (it != index.end()) who = it->second;
      }
      auto name = group_names_.find(ref(m.group));
      const std::string& group = name != group_names_.end() ? name->second : m.group_name;
      if (who && !group.empty()) groups[*who].push_back(group);
    }
    for (std::size_t i = 0; i < waiting_.size(); ++i) {
      Record& r = waiting_[i];
      sort_unique_folded(groups[i]);
      add_list_field(r, "@groups", std::move(groups[i]));
      add(r);
    }
  }

  void add(const Record& rec) {
    active_stated_ = false;
    DirectoryUser u = mapping_ ? mapped_user(rec) : native_user(rec);
    if (u.username.empty())
      throw InputError(rec.location(mapping_ ? mapping_->field_of(attr::username) : attr::username),
                       "empty username; every directory user needs one");
    merge(std::move(u), rec);
  }

  DirectoryState collect() {
    DirectoryState out;
    std::map<std::string, std::string> groups;  // folded -> first spelling
    std::unordered_set<std::string> spellings;    // as written, seen already
    // DirectoryState wants its users by folded username.
    std::vector<std::pair<std::string, std::uint32_t>> order;
    order.reserve(rows_.size());
    for (std::uint32_t i = 0; i < rows_.size(); ++i) order.emplace_back(fold_case(rows_[i].user.username), i);
    std::sort(order.begin(), order.end());
    out.users.reserve(rows_.size());
    for (const auto& [key, i] : order) {
      auto& row = rows_[i];
      sort_unique_folded(row.user.groups);
      for (const auto& g : row.user.groups)
        if (spellings.insert(g).second) groups.emplace(fold_case(g), g);  // each spelling folded once
      out.users.push_back(std::move(row.user));
    }
    rows_ = {};
    for (const auto& [key, name] : groups) out.groups.push_back({0, name, false});
    return out;
  }

  static std::optional<Timestamp> timestamp(const std::string& value, const std::string& what, const Record& rec,
                                            const std::string& field) {
    if (value.empty()) return std::nullopt;
    auto t = Timestamp::parse(value);
    if (!t)
      throw InputError(rec.location(field), "'" + value + "' is not a valid " + what +
                                                "; expected an ISO 8601 date such as 2026-11-22 or "
                                                "2026-11-22T09:00:00Z");
    return t;
  }

  DirectoryUser native_user(const Record& rec) {
    DirectoryUser u;
    const auto& names = rec.header->names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto name = ascii_lower(names[i]);
      std::string value(trim(rec.values[i]));
      if (name == attr::username) {
        u.username = value;
      } else if (name == attr::active) {
        auto b = value.empty() ? std::optional(true) : parse_bool(value);
        if (!b)
          throw InputError(rec.location(names[i]),
                           "'" + value + "' is not a valid value for active; expected true or false");
        u.active = *b;
        active_stated_ = !value.empty();
      } else if (name == attr::groups) {
        u.groups = split_list(value, cfg_.directory.group_separator);
      } else if (name == attr::created) {
        if (auto t = timestamp(value, "created date", rec, names[i])) u.attrs.set(attr::created, t->iso());
      } else if (name == attr::last_login) {
        u.last_login = timestamp(value, "last_login", rec, names[i]);
        if (u.last_login) u.attrs.set(attr::last_login, u.last_login->iso());
      } else if (!value.empty()) {
        u.attrs.set(name, value);
      }
    }
    return u;
  }

  DirectoryUser mapped_user(const Record& rec) {
    SourceUser s = mapping_->map(rec);
    if (!s.errors.empty())
      throw InputError(rec.location(""), "the directory's mapping failed on this row: " + join(s.errors, "; "));
    DirectoryUser u;
    u.username = std::move(s.username);
    u.active = s.active.value_or(true);
    active_stated_ = s.active.has_value();
    u.groups = s.groups.value_or(std::vector<std::string>{});
    for (const auto& [k, v] : s.attrs.entries()) {
      if (k == attr::last_login) {
        u.last_login = timestamp(v, "last_login", rec, mapping_->field_of(k));
        if (u.last_login) u.attrs.set(k, u.last_login->iso());
      } else if (k == attr::created) {
        if (auto t = timestamp(v, "created date", rec, mapping_->field_of(k))) u.attrs.set(k, t->iso());
      } else if (!v.empty()) {
        u.attrs.set(k, v);
      }
    }
    return u;
  }

  /// A later row of a user adds its groups and fills what earlier rows left empty; every other
  /// value must agree with the earlier rows, except last_login, where the latest wins (exports
  /// with a row per directory or app may each have their own).
  void merge(DirectoryUser u, const Record& rec) {
    // The target's id, when the export carries it: addresses the user in changes.scim.json.
    if (const std::string* id = u.attrs.find(kRemoteId)) {
      u.remote_id = *id;
      u.attrs.erase(kRemoteId);
    }
    auto same = [&](std::uint32_t i) { return iequals(rows_[i].user.username, u.username); };
    auto hits = by_name_.find(u.username, same);
    if (hits.empty()) {
      by_name_.add(u.username, static_cast<std::uint32_t>(rows_.size()), same);
      rows_.push_back(Row{std::move(u), rec.line, active_stated_});
      return;
    }
    Row& row = rows_[hits.front()];
    DirectoryUser& have = row.user;
    auto disagree = [&](const std::string& what, const std::string& here, const std::string& there) {
      throw InputError(rec.location(""), "user '" + u.username + "' has " + what + " '" + here + "' here but '" +
                                             there + "' on " + (rec.sheet.empty() ? "line " : "row ") + std::to_string(row.line) +
                                             "; the rows of one user must agree (only their groups add up)");
    };
    if (u.username != have.username) disagree("the username", u.username, have.username);
    if (active_stated_ && row.active_stated && u.active != have.active)
      disagree("active", u.active ? "true" : "false", have.active ? "true" : "false");
    if (active_stated_ && !row.active_stated) have.active = u.active, row.active_stated = true;
    if (!u.remote_id.empty() && have.remote_id.empty()) have.remote_id = u.remote_id;
    if (!u.remote_id.empty() && u.remote_id != have.remote_id) disagree(kRemoteId, u.remote_id, have.remote_id);
    if (u.last_login && (!have.last_login || *have.last_login < *u.last_login)) {
      have.last_login = u.last_login;
      have.attrs.set(attr::last_login, u.last_login->iso());
    }
    for (const auto& [k, v] : u.attrs.entries()) {
      if (k == attr::last_login) continue;
      auto old = have.attrs.get(k);
      if (old.empty())
        have.attrs.set(k, v);
      else if (old != v)
        disagree(k, v, old);
    }
    have.groups.insert(have.groups.end(), u.groups.begin(), u.groups.end());
  }

  const Config& cfg_;
  const ImporterInfo& format_;
  std::optional<Mapping> mapping_;
  std::vector<Record> waiting_;
  std::unordered_map<std::string, std::string> group_names_;  // ref -> name
  std::vector<MembershipRecord> memberships_;
  std::deque<Row> rows_;  // one per user, in the order first read (never moved as it grows)
  KeyIndex by_name_;       // username (case-insensitively) -> position in rows_
  bool active_stated_ = false;  // whether the row being read said active or not
};

}  // namespace

DirectoryState read_directory(const Config& cfg) {
  const ImporterInfo& format = *find_importer(cfg.directory.format);
  DirectorySink sink(cfg, format);
  auto spec = cfg.directory.spec();
  spec.files = files_for_format(spec);
  spec.fields = cfg.directory.mapped() ? cfg.directory_mapping().fields() : std::vector<std::string>{attr::username};
  format.create()->read(spec, sink);
  return sink.finish();
}

}  // namespace usersync
