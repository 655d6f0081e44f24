#include "run/drift.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
DirectoryUser user(const std::string& name, bool active = true, std::vector<std::string> groups = {}) {
  DirectoryUser u;
  u.username = name;
  u.active = active;
  u.groups = std::move(groups);
  return u;
}
Change change(ChangeKind kind, const std::string& name, const std::string& group = "",
              const std::string& attribute = "", std::optional<std::string> to = std::nullopt) {
  return Change{kind, name, group, attribute, std::nullopt, std::move(to), {}, {"r"}};
}
}  // namespace

TEST_CASE("an export that shows what the last apply did has no drift") {
  DirectoryState exported;
  exported.users = {user("ann", true, {"Staff"}), user("bob", false)};
  exported.users[0].attrs.set("title", "Dev");
  std::vector<Change> applied{change(ChangeKind::user_create, "ann"),
                              change(ChangeKind::user_update, "ANN", "", "title", "Dev"),
                              change(ChangeKind::membership_add, "ann", "staff"),
                              change(ChangeKind::user_deactivate, "bob"),
                              change(ChangeKind::user_update, "ann", "", "last_login", "2026-01-01T00:00:00Z"),
                              change(ChangeKind::user_deactivate, "gone"),
                              change(ChangeKind::user_delete, "gone")};
  CHECK(drifted_users(applied, exported).empty());
}

TEST_CASE("every kind of change not carried out is drift, each user once") {
  DirectoryState exported;
  exported.users = {user("ann", true, {"old"}), user("bob", true), user("gone")};
  exported.users[0].attrs.set("title", "Intern");
  std::vector<Change> applied{change(ChangeKind::user_create, "new"),
                              change(ChangeKind::user_update, "ann", "", "title", "Dev"),
                              change(ChangeKind::membership_add, "ann", "staff"),
                              change(ChangeKind::membership_remove, "ann", "old"),
                              change(ChangeKind::user_deactivate, "bob"),
                              change(ChangeKind::user_delete, "gone"),
                              change(ChangeKind::user_rename, "carla")};
  CHECK(drifted_users(applied, exported) == std::vector<std::string>{"ann", "bob", "carla", "gone", "new"});
}

TEST_CASE("several plans are judged by where they ended, renames carry their expectations") {
  DirectoryState exported;
  exported.users = {user("ajones", true, {"staff"}), user("bob", true)};
  exported.users[0].attrs.set("title", "Lead");
  std::vector<Change> applied{
      // plan 1: bob deactivated, asmith gets a title; plan 2: bob back, asmith renamed and promoted
      change(ChangeKind::user_deactivate, "bob"),
      change(ChangeKind::user_update, "asmith", "", "title", "Dev"),
      change(ChangeKind::membership_add, "asmith", "staff"),
      change(ChangeKind::user_reactivate, "bob"),
      Change{ChangeKind::user_rename, "ajones", "", "username", "asmith", "ajones", {}, {"r"}},
      change(ChangeKind::user_update, "ajones", "", "title", "Lead"),
  };
  CHECK(drifted_users(applied, exported).empty());
  exported.users.push_back(user("asmith"));  // the old name still there: the rename was not done
  CHECK(drifted_users(applied, exported) == std::vector<std::string>{"asmith"});
}
