#include "schema.h"

namespace usersync {

const std::vector<std::string_view>& schema_migrations() {
  static const std::vector<std::string_view> migrations{
      // 0 -> 1: the foundation.
      R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- Staging: every import of every source, with each record's origin and mapped form.
CREATE TABLE imports(
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  format TEXT NOT NULL,
  path TEXT NOT NULL,
  checksum TEXT NOT NULL,
  records INTEGER NOT NULL,
  encoding TEXT NOT NULL DEFAULT '',
  delimiter TEXT NOT NULL DEFAULT '',
  imported_at TEXT NOT NULL);
CREATE INDEX imports_by_source ON imports(source, id);
CREATE TABLE source_records(
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  record_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  raw TEXT NOT NULL,
  mapped TEXT NOT NULL,
  PRIMARY KEY(import_id, record_id)) WITHOUT ROWID;

-- The embedded directory: the application's users, groups and memberships.
CREATE TABLE directory_users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  last_login TEXT,
  first_seen TEXT,
  last_seen_in_source TEXT,
  deactivated_at TEXT,
  created_by_usersync INTEGER NOT NULL DEFAULT 0);
CREATE TABLE directory_groups(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  created_by_usersync INTEGER NOT NULL DEFAULT 0);
CREATE TABLE directory_memberships(
  user_id INTEGER NOT NULL REFERENCES directory_users(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES directory_groups(id) ON DELETE CASCADE,
  PRIMARY KEY(user_id, group_id)) WITHOUT ROWID;
CREATE INDEX memberships_by_group ON directory_memberships(group_id);

-- Plans and their changes, in apply order.
CREATE TABLE plans(
  id INTEGER PRIMARY KEY,
  run_id INTEGER,
  created_at TEXT NOT NULL,
  directory_version INTEGER NOT NULL,
  directory_checksum TEXT NOT NULL DEFAULT '',
  seen TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL);
CREATE TABLE plan_changes(
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  group_name TEXT NOT NULL DEFAULT '',
  attribute TEXT NOT NULL DEFAULT '',
  old_value TEXT,
  new_value TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  reasons TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY(plan_id, seq)) WITHOUT ROWID;

-- History: one row per plan, apply or sync, and one JSON line per user.
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,
  run_at TEXT NOT NULL,
  status TEXT NOT NULL,
  plan_id INTEGER,
  counts TEXT NOT NULL DEFAULT '{}',
  summary TEXT NOT NULL DEFAULT '{}');
CREATE TABLE run_results(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY(run_id, seq)) WITHOUT ROWID;
)sql",
      // 1 -> 2: the rule engine: why a user was deactivated, when reactivated, and group conflicts.
      R"sql(
ALTER TABLE directory_users ADD COLUMN deactivation_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE directory_users ADD COLUMN reactivated_at TEXT;
CREATE TABLE group_conflicts(
  name_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,          -- pending, accepted, rejected
  first_seen TEXT NOT NULL,
  decided_at TEXT,
  would_add TEXT NOT NULL DEFAULT '[]',
  would_remove TEXT NOT NULL DEFAULT '[]') WITHOUT ROWID;
ALTER TABLE plans ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
)sql",
      // 2 -> 3: what the staged records were mapped with, so an unchanged source is not re-imported.
      R"sql(
ALTER TABLE imports ADD COLUMN mapping TEXT NOT NULL DEFAULT '';
)sql",
      // 3 -> 4: remote targets: the target's id of every user and group, and what the target made
      // of each change (applied, failed, skipped), recorded change by change during a push.
      R"sql(
ALTER TABLE directory_users ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
ALTER TABLE directory_groups ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_changes ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_changes ADD COLUMN outcome_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_changes ADD COLUMN http_status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_changes ADD COLUMN user_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_changes ADD COLUMN group_ref TEXT NOT NULL DEFAULT '';
)sql",
      // 4 -> 5: the import contract of typed records. A dump's user records are staged first and
      // mapped once their memberships are joined (`mapped` is '' until then); groups and
      // memberships are staged beside them, each with its file and place.
      R"sql(
ALTER TABLE imports ADD COLUMN groups INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN memberships INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN ignored_members INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN files INTEGER NOT NULL DEFAULT 1;
ALTER TABLE source_records ADD COLUMN file TEXT NOT NULL DEFAULT '';
ALTER TABLE source_records ADD COLUMN pointer TEXT NOT NULL DEFAULT '';
ALTER TABLE source_records ADD COLUMN match_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX source_records_by_ref ON source_records(import_id, match_ref) WHERE match_ref != '';
CREATE TABLE source_groups(
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  group_ref TEXT NOT NULL,
  name TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  pointer TEXT NOT NULL,
  PRIMARY KEY(import_id, group_ref)) WITHOUT ROWID;
CREATE TABLE source_memberships(
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  group_ref TEXT NOT NULL,
  member_ref TEXT NOT NULL,
  member_field TEXT NOT NULL,
  member_type TEXT NOT NULL,
  group_name TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  pointer TEXT NOT NULL);
CREATE INDEX source_memberships_by_import ON source_memberships(import_id);
)sql",
      // 5 -> 6: manual corrections from the corrections workbook, and what each export showed (to
      // tell an edited cell from an unedited one, and the sources' value then from theirs now).
      R"sql(
CREATE TABLE corrections(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  attribute TEXT NOT NULL,
  target_key TEXT NOT NULL,
  exported TEXT,
  baseline TEXT,
  value TEXT NOT NULL,
  note TEXT NOT NULL,
  made_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires TEXT NOT NULL,
  state TEXT NOT NULL,
  source_now TEXT,
  decided_at TEXT NOT NULL DEFAULT '',
  export_id INTEGER NOT NULL);
CREATE INDEX corrections_in_force ON corrections(username_key, target_key) WHERE state IN ('active', 'conflict');
CREATE TABLE sheet_exports(
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  checksum TEXT NOT NULL,
  columns TEXT NOT NULL,
  imported_at TEXT NOT NULL DEFAULT '');
CREATE TABLE sheet_export_rows(
  export_id INTEGER NOT NULL REFERENCES sheet_exports(id) ON DELETE CASCADE,
  row_key INTEGER NOT NULL,
  username TEXT NOT NULL,
  shown TEXT NOT NULL,
  baseline TEXT NOT NULL,
  PRIMARY KEY(export_id, row_key)) WITHOUT ROWID;
)sql",
      // 6 -> 7: staging compacted (#11). A mapped record keeps only its mapped form (new ones are
      // packed blobs, src/store/packed_user.h; JSON ones still read), and only a source's newest
      // import keeps its records: nothing reads the others'.
      R"sql(
DELETE FROM source_records WHERE import_id NOT IN (SELECT MAX(id) FROM imports GROUP BY source);
DELETE FROM source_groups WHERE import_id NOT IN (SELECT MAX(id) FROM imports GROUP BY source);
DELETE FROM source_memberships WHERE import_id NOT IN (SELECT MAX(id) FROM imports GROUP BY source);
UPDATE source_records SET raw = '' WHERE mapped != '';
)sql",
      // 7 -> 8: bounded history (#11). Users a run found simply in sync are counted here; their
      // result lines are no longer kept.
      R"sql(
ALTER TABLE runs ADD COLUMN routine INTEGER NOT NULL DEFAULT 0;
)sql",
  };
  return migrations;
}

}  // namespace usersync
