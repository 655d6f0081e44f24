#include "sheet_export.h"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "model/checksum.h"
#include "model/identity.h"
#include "model/text.h"
#include "pipeline.h"
#include "reconcile/corrections.h"
#include "reconcile/reconciler.h"
#include "reports/sheet_workbook.h"
#include "store/correction_store.h"
#include "store/directory_store.h"

namespace usersync {

namespace {

using ordered = nlohmann::ordered_json;

std::string opt_text(const std::optional<std::string>& v) { return v ? *v : std::string(); }

/// The value of a column for a person, as the workbook shows it.
std::string shown_value(const DesiredUser& p, const std::string& column) {
  if (column == attr::active) return p.active ? (*p.active ? "true" : "false") : "";
  if (column == attr::groups) {
    if (p.extras.get().group_edits.empty()) return p.groups ? join(*p.groups, "; ") : "";
    auto groups = wanted_groups(p, {});  // with the memberships corrections add or remove
    sort_folded(groups);
    return join(groups, "; ");
  }
  return p.attrs.get(column);
}

/// What the sources said, for the baseline of corrections made from this row.
ordered baseline_of(const DesiredUser& p, const SheetLayout& layout) {
  ordered b = ordered::object();
  for (const auto& a : layout.attributes) {
    const std::string* v = p.attrs.find(a);
    b[a] = v ? ordered(*v) : ordered(nullptr);
  }
  b[attr::active] = p.active ? ordered(*p.active ? "true" : "false") : ordered(nullptr);
  b[attr::groups] = p.groups ? ordered(*p.groups) : ordered(nullptr);
  return b;
}

/// Where a shown value came from: the source, or the correction that set it, or the conflict.
std::string origin_of(const DesiredUser& source, const DesiredUser& shown, const std::string& column) {
  std::string from;
  const auto& origins = source.extras.get().origins;
  const auto& extras = shown.extras.get();
  if (auto it = origins.find(column); it != origins.end()) from = it->second;
  auto corrected = extras.corrected.find(column);
  if (corrected != extras.corrected.end()) return "correction " + std::to_string(corrected->second);
  if (column == attr::groups && !extras.group_edits.empty()) {
    std::vector<std::string> ids;
    for (const auto& [key, edit] : extras.group_edits) ids.push_back(std::to_string(std::get<2>(edit)));
    from += (from.empty() ? "" : "; ") + std::string("corrections ") + join(ids, ", ");
  }
  for (const auto& n : extras.correction_notes)
    if (n.state == "conflict" && (n.attribute == column || (column == attr::groups && n.kind != "set")))
      from += (from.empty() ? "" : "; ") + std::string("correction ") + std::to_string(n.id) + " waits (conflict)";
  return from;
}

}  // namespace

namespace {
constexpr std::string_view kSourceSuffix = " source";
}

std::string source_column(const std::string& column) { return column + std::string(kSourceSuffix); }

bool is_source_column(std::string_view column) {
  return column.size() > kSourceSuffix.size() &&
         column.substr(column.size() - kSourceSuffix.size()) == kSourceSuffix;
}

std::string attribute_of_source(std::string_view column) {
  return std::string(column.substr(0, column.size() - kSourceSuffix.size()));
}

SheetLayout sheet_layout(const Config& cfg) {
  SheetLayout l;
  std::set<std::string> seen{attr::username, attr::active, attr::groups};
  auto add = [&](const std::string& a) {
    if (attr::is_account_fact(a) || !seen.insert(a).second) return;
    l.attributes.push_back(a);
  };
  for (const char* a : attr::builtin) add(a);
  for (const auto& a : cfg.directory.attributes) add(a);
  for (const auto& s : cfg.sources)
    for (const auto& e : s.mapping) add(e.target);
  l.columns.push_back(attr::username);
  for (const auto& a : l.attributes) l.columns.push_back(a);
  l.columns.push_back(attr::active);
  l.columns.push_back(attr::groups);
  for (const auto& a : l.attributes) l.columns.push_back(source_column(a));
  l.columns.push_back(source_column(attr::active));
  l.columns.push_back(source_column(attr::groups));
  l.columns.push_back(kNoteColumn);
  l.columns.push_back(kExpiresColumn);
  l.columns.push_back(kRowColumn);
  return l;
}

std::string export_checksum(const std::vector<std::string>& columns, const std::vector<std::string>& shown_rows) {
  Sha256 h;
  h.update(join(columns, "\x1f"));
  for (const auto& r : shown_rows) {
    h.update("\x1e");
    h.update(r);
  }
  return "sha256:" + h.hex_digest();
}

SheetExportResult export_sheet(Database& db, const Config& cfg, const std::string& path, Timestamp now) {
  auto layout = sheet_layout(cfg);
  DirectoryStore directory(db);
  CorrectionStore store(db);
  auto corrections = store.in_force();
  auto sources = desired_state(directory.load(), load_staged_users(db, cfg), cfg.reconcile);
  auto shown = sources;
  apply_corrections(shown, corrections, now);
  // People as the plan would list them: by folded username, each name once.
  std::vector<std::size_t> order;
  std::set<std::string> names;
  for (std::size_t i = 0; i < shown.size(); ++i)
    if (!shown[i].username.empty() && names.insert(fold_case(shown[i].username)).second) order.push_back(i);
  std::vector<std::string> keys(shown.size());
  for (auto i : order) keys[i] = fold_case(shown[i].username);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });

  SheetWorkbook book;
  book.created = now.seconds;
  auto& users = book.users;
  users.name = "Users";
  users.protect = true;
  for (const auto& c : layout.columns) {
    SheetColumn col{c};
    col.editable = !is_source_column(c) && c != attr::username && c != kRowColumn;
    col.boolean = c == attr::active;
    col.hidden = c == kRowColumn;
    users.columns.push_back(col);
  }
  std::vector<ExportRow> rows;
  std::vector<std::string> shown_lines;
  std::map<std::string, std::pair<std::string, std::int64_t>> group_sizes;  // folded -> name, members
  std::int64_t row_key = 0;
  for (auto i : order) {
    const DesiredUser& p = shown[i];
    // The source person this shown person came from (a new row of a correction has none).
    const DesiredUser& s = i < sources.size() ? sources[i] : p;
    ++row_key;
    std::vector<std::string> cells;
    ordered shown_json = ordered::object();
    for (const auto& c : layout.columns) {
      std::string v;
      if (c == attr::username) {
        v = p.username;
      } else if (c == kRowColumn) {
        v = std::to_string(row_key);
      } else if (c == kNoteColumn || c == kExpiresColumn) {
        v = "";
      } else if (is_source_column(c)) {
        v = origin_of(s, p, attribute_of_source(c));
      } else {
        v = shown_value(p, c);
      }
      shown_json[c] = v;
      cells.push_back(std::move(v));
    }
    if (p.groups || !p.extras.get().group_edits.empty())
      for (const auto& g : wanted_groups(p, {})) {
        auto& [name, n] = group_sizes[fold_case(g)];
        if (name.empty()) name = g;
        ++n;
      }
    users.rows.push_back(std::move(cells));
    auto line = shown_json.dump();
    shown_lines.push_back(line);
    rows.push_back({row_key, p.username, line,
                    i < sources.size() && !p.from_correction ? baseline_of(s, layout).dump() : ordered::object().dump()});
  }

  SheetTable groups{"Groups", {{"group"}, {"members"}}, {}};
  for (const auto& [key, g] : group_sizes) groups.rows.push_back({g.first, std::to_string(g.second)});
  SheetTable listed{"Corrections",
                    {{"id"}, {"user"}, {"kind"}, {"attribute"}, {"exported"}, {"value"}, {"state"}, {"note"}, {"by"},
                     {"made"}, {"expires"}},
                    {}};
  for (const auto& c : corrections) {
    auto until = c.expires.empty() ? std::nullopt : Timestamp::parse(c.expires);
    listed.rows.push_back({std::to_string(c.id), c.username, std::string(to_string(c.kind)), c.attribute,
                           opt_text(c.exported), c.value, until && *until <= now ? "expired" : c.state, c.note, c.by,
                           c.created_at, c.expires});
  }
  book.others = {std::move(groups), std::move(listed)};
  book.about = {
      {"", "Corrections workbook of usersync. Edit the white cells of the Users sheet, add rows for users to create, "
           "delete rows of users to deprovision, then run: usersync sheet import --config FILE THIS.xlsx"},
      {"", "Every edited cell becomes a correction that wins over every source until it is dropped or expires. Grey "
           "cells are read-only. A correction whose source value changes later waits as a conflict: usersync "
           "corrections list, keep ID, drop ID."},
      {attr::username, "the user's key; read-only for existing rows, required for a new row"},
      {attr::active, "true or false; false deactivates the account"},
      {attr::groups, "group names separated by '; ' (a correction can add or remove any of them)"},
      {kNoteColumn, "why: stored with every correction made from this row"},
      {kExpiresColumn, "optional ISO date (2027-01-31): the row's corrections stop applying then"},
      {kRowColumn, "hidden: the row's key in this export; never edit it"},
  };
  for (const auto& a : layout.attributes) book.about.push_back({a, "the " + a + " the sources give (editable)"});
  for (const auto& c : layout.columns)
    if (is_source_column(c))
      book.about.push_back({c, "read-only: the source of the value, or the correction that set it"});

  SheetExport record{0, now.iso(), export_checksum(layout.columns, shown_lines), layout.columns};
  auto id = store.save_export(record, rows);
  // The run whose plan this desired state is (the newest with a plan), for the audit trail.
  SQLite::Statement last(db.sql(), "SELECT COALESCE(max(id), 0) FROM runs WHERE plan_id IS NOT NULL");
  last.executeStep();
  book.identity = {{"workbook", "usersync corrections"},
                   {"export", std::to_string(id)},
                   {"plan_run", std::to_string(last.getColumn(0).getInt64())},
                   {"exported_at", record.created_at},
                   {"checksum", record.checksum}};
  write_sheet_workbook(path, book);
  return {id, static_cast<std::int64_t>(order.size()), static_cast<std::int64_t>(group_sizes.size()),
          static_cast<std::int64_t>(corrections.size())};
}

}  // namespace usersync
