#include "audit_workbook.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "audit_rows.h"
#include "audit_summary.h"
#include "model/text.h"
#include "model/timestamp.h"
#include "spool.h"
#include "xlsx_table.h"

namespace usersync {

namespace {

constexpr const char* kFile = "audit.xlsx";

/// The longest value seen in each column of a table, learnt while its rows are spooled.
class Widths {
 public:
  explicit Widths(std::size_t columns) : widths_(columns, 0) {}
  void see(std::size_t col, CellType type, std::string_view text) {
    widths_[col] = std::max(widths_[col], shown_width(type, text));
  }
  /// The table's columns with these widths.
  std::vector<TableColumn> columns(std::vector<TableColumn> columns) const {
    for (std::size_t c = 0; c < columns.size() && c < widths_.size(); ++c)
      columns[c].width = std::max(columns[c].width, widths_[c]);
    return columns;
  }

 private:
  std::vector<std::size_t> widths_;
};

const std::vector<TableColumn>& change_columns() {
  // from and to are values: a date as a date, true/false as a boolean, as on the Users sheet.
  static const std::vector<TableColumn> columns{{"user"},      {"kind"},   {"group"},
                                                {"attribute"}, {"from", CellType::value},   {"to", CellType::value},
                                                {"reasons"},   {"policy"}, {"correction", CellType::number},
                                                {"outcome"}};
  return columns;
}
/// The Users sheet's columns before one per attribute.
const std::vector<TableColumn>& user_columns() {
  static const std::vector<TableColumn> columns{
      {"username"}, {"action"}, {"active", CellType::boolean}, {"reasons"}, {"member of"}};
  return columns;
}
const std::vector<TableColumn>& error_columns() {
  static const std::vector<TableColumn> columns{{"user"}, {"action"}, {"error"}};
  return columns;
}

/// A group created by the run or with members added or removed.
struct GroupRow {
  bool created = false;
  std::string outcome;
  std::int64_t added = 0;
  std::int64_t removed = 0;
};

class AuditWorkbookSink : public ReportSink {
 public:
  AuditWorkbookSink(std::filesystem::path folder, std::int64_t rows_per_sheet)
      : folder_(std::move(folder)), rows_per_sheet_(std::clamp<std::int64_t>(rows_per_sheet, 1, max_sheet_rows)) {}

  void begin(const RunSummary&) override {
    // Rows wait in spool files of the staging folder: the Summary comes first in the workbook,
    // and its figures are final only at end().
    changes_ = std::make_unique<Spool>(folder_ / ".audit-changes.spool");
    users_ = std::make_unique<Spool>(folder_ / ".audit-users.spool");
    errors_ = std::make_unique<Spool>(folder_ / ".audit-errors.spool");
  }
  void user(const UserResult& result, std::string_view line) override;
  void end(const RunSummary& run, const RunChanges& changes) override;
  std::vector<std::string> files() const override { return files_; }

 private:
  void write(const RunSummary& run, const RunChanges& changes, const std::filesystem::path& path);
  void write_changes(XlsxBook& book, const RunChanges& changes);
  void write_users(XlsxBook& book);
  void write_groups(XlsxBook& book);
  void write_conflicts(XlsxBook& book, const RunSummary& run);
  void write_errors(XlsxBook& book);

  std::filesystem::path folder_;
  std::int64_t rows_per_sheet_;
  std::unique_ptr<Spool> changes_, users_, errors_;
  Widths change_widths_{change_columns().size()};
  Widths user_widths_{user_columns().size()};
  Widths error_widths_{error_columns().size()};
  std::map<std::string, std::size_t> attributes_;  // every attribute seen -> its longest value
  std::map<std::string, GroupRow> groups_;         // groups are few: tens of thousands at most
  std::vector<std::string> files_;
};

void AuditWorkbookSink::user(const UserResult& r, std::string_view) {
  if (!changes_) begin({});
  auto reasons = join(r.reasons, "; ");
  std::vector<std::string> names;
  for (const auto& p : r.policies) names.push_back(p.policy);
  auto policy = join(names, "; ");
  for (const auto& row : change_rows(r)) {
    std::vector<std::string_view> fields{r.username, row.kind, row.group, row.attribute, row.from,
                                         row.to,     reasons,  policy,    row.correction};
    for (std::size_t c = 0; c < fields.size(); ++c) change_widths_.see(c, change_columns()[c].type, fields[c]);
    changes_->write(fields);
  }
  for (const auto& g : r.groups_added) ++groups_[g].added;
  for (const auto& g : r.groups_removed) ++groups_[g].removed;

  // The user as the run leaves them: after, else before (a deleted user).
  const UserSnapshot* snapshot = r.after_state() ? &*r.after_state() : r.before ? &*r.before : nullptr;
  std::string active = snapshot ? (snapshot->active ? "true" : "false") : "";
  std::string member_of = snapshot ? join(snapshot->groups, "; ") : "";
  std::vector<std::string_view> fields{r.username, r.action, active, reasons, member_of};
  for (std::size_t c = 0; c < fields.size(); ++c) user_widths_.see(c, user_columns()[c].type, fields[c]);
  if (snapshot)
    for (const auto& [name, value] : snapshot->attrs.entries()) {
      fields.push_back(name);
      fields.push_back(value);
      auto& width = attributes_[name];
      width = std::max(width, shown_width(CellType::value, value));
    }
  users_->write(fields);

  for (const auto& e : r.errors) {
    std::vector<std::string_view> error{r.username, r.action, e};
    for (std::size_t c = 0; c < error.size(); ++c) error_widths_.see(c, CellType::text, error[c]);
    errors_->write(error);
  }
}

void AuditWorkbookSink::end(const RunSummary& run, const RunChanges& changes) {
  if (!changes_) begin(run);
  auto path = folder_ / kFile;
  try {
    write(run, changes, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // a workbook cut short is no workbook
    changes_.reset(), users_.reset(), errors_.reset();
    throw;
  }
  changes_.reset(), users_.reset(), errors_.reset();  // removes the spool files
  files_ = {kFile};
}

void AuditWorkbookSink::write(const RunSummary& run, const RunChanges& changes, const std::filesystem::path& path) {
  if (changes.changes) {
    const auto& list = *changes.changes;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].kind == ChangeKind::group_create) {
        auto& g = groups_[list[i].group];
        g.created = true;
        g.outcome = changes.outcome(i);
      }
  }
  std::vector<std::string> overflow;
  const std::pair<const char*, std::size_t> tables[] = {{"Changes", changes_->size()},
                                                        {"Users", users_->size()},
                                                        {"Groups", groups_.size()},
                                                        {"Conflicts", run.conflicts.size()},
                                                        {"Errors", errors_->size()}};
  for (const auto& [name, rows] : tables) {
    auto note = overflow_note(name, static_cast<std::int64_t>(rows), rows_per_sheet_);
    if (!note.empty()) overflow.push_back(std::move(note));
  }

  // The document's date is the run's clock, so equal runs give equal bytes.
  auto now = Timestamp::parse(run.now);
  XlsxBook book(path.string(), folder_.string(), now ? now->seconds : 0, "the audit workbook");
  write_summary_sheet(book, run, overflow);
  write_changes(book, changes);
  write_users(book);
  write_groups(book);
  write_conflicts(book, run);
  write_errors(book);
  book.close();
}

void AuditWorkbookSink::write_changes(XlsxBook& book, const RunChanges& changes) {
  OutcomeLookup outcome(changes);
  auto columns = change_widths_.columns(change_columns());
  columns.back().width = outcome.longest();
  XlsxTable table(book, "Changes", columns, static_cast<std::int64_t>(changes_->size()), rows_per_sheet_);
  std::vector<std::string> row;
  changes_->for_each([&](const std::vector<std::string>& f) {
    // f: user, kind, group, attribute, from, to, reasons, policy, correction
    row.assign(f.begin(), f.end());
    row.push_back(outcome(f[0], f[1], f[3], f[2]));
    table.row(row);
  });
  table.finish();
}

void AuditWorkbookSink::write_users(XlsxBook& book) {
  // Only now is every attribute known: one column each, in name order.
  auto columns = user_widths_.columns(user_columns());
  std::map<std::string_view, std::size_t> column_of;
  for (const auto& [name, width] : attributes_) {
    column_of.emplace(name, columns.size());
    columns.push_back({name, CellType::value, width});
  }
  XlsxTable table(book, "Users", columns, static_cast<std::int64_t>(users_->size()), rows_per_sheet_);
  std::vector<std::string> row;
  users_->for_each([&](const std::vector<std::string>& f) {
    // f: username, action, active, reasons, member of, then attribute name and value pairs
    const auto fixed = user_columns().size();
    row.assign(columns.size(), "");
    std::copy(f.begin(), f.begin() + fixed, row.begin());
    for (std::size_t i = fixed; i + 1 < f.size(); i += 2) row[column_of.at(f[i])] = f[i + 1];
    table.row(row);
  });
  table.finish();
}

void AuditWorkbookSink::write_groups(XlsxBook& book) {
  Widths widths(1);
  for (const auto& [name, g] : groups_) widths.see(0, CellType::text, name);
  auto columns = widths.columns({{"group"},
                                 {"created", CellType::boolean},
                                 {"create outcome"},
                                 {"members added", CellType::number},
                                 {"members removed", CellType::number}});
  XlsxTable table(book, "Groups", columns, static_cast<std::int64_t>(groups_.size()), rows_per_sheet_);
  for (const auto& [name, g] : groups_)
    table.row({name, g.created ? "true" : "false", g.outcome, std::to_string(g.added), std::to_string(g.removed)});
  table.finish();
}

void AuditWorkbookSink::write_conflicts(XlsxBook& book, const RunSummary& run) {
  std::vector<std::vector<std::string>> rows;
  Widths widths(3);
  for (const auto& c : run.conflicts) {
    std::set<std::string> affected(c.would_add.begin(), c.would_add.end());
    affected.insert(c.would_remove.begin(), c.would_remove.end());
    rows.push_back({c.group, join(c.would_add, "; "), join(c.would_remove, "; "), std::to_string(affected.size())});
    for (std::size_t i = 0; i < 3; ++i) widths.see(i, CellType::text, rows.back()[i]);
  }
  auto columns = widths.columns({{"group"}, {"would add"}, {"would remove"}, {"affected users", CellType::number}});
  XlsxTable table(book, "Conflicts", columns, static_cast<std::int64_t>(rows.size()), rows_per_sheet_);
  for (const auto& row : rows) table.row(row);
  table.finish();
}

void AuditWorkbookSink::write_errors(XlsxBook& book) {
  XlsxTable table(book, "Errors", error_widths_.columns(error_columns()), static_cast<std::int64_t>(errors_->size()),
                  rows_per_sheet_);
  errors_->for_each([&](const std::vector<std::string>& f) { table.row(f); });
  table.finish();
}

}  // namespace

std::unique_ptr<ReportSink> make_audit_workbook_sink(const std::filesystem::path& folder, std::int64_t rows_per_sheet) {
  return std::make_unique<AuditWorkbookSink>(folder, rows_per_sheet);
}

}  // namespace usersync
