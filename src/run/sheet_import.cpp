#include "sheet_import.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "importers/csv_importer.h"
#include "importers/xlsx_importer.h"
#include "importers/zip_archive.h"
#include "model/errors.h"
#include "model/identity.h"
#include "model/text.h"
#include "sheet_export.h"
#include "store/correction_store.h"

namespace usersync {

namespace {

using json = nlohmann::json;

/// Every record of one sheet (or CSV), kept: the rows are checked as a whole before anything is recorded.
struct Table : RecordSink {
  std::vector<std::string> names;
  SourceLocation header_at;
  std::vector<Record> records;
  void header(const Header& h, const SourceLocation& where) override {
    names = h.names();
    header_at = where;
  }
  void user(const Record& r) override { records.push_back(r); }
};

/// A workbook by its name (.xlsx, .xlsm: read as one, so a broken one says so), a CSV by its
/// (.csv, .txt), otherwise by its first bytes.
bool is_workbook(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : fold_case(path.substr(dot));
  if (ext == ".xlsx" || ext == ".xlsm") return true;
  if (ext == ".csv" || ext == ".txt") return false;
  return starts_like_zip(path);
}

Table read_table(const std::string& path, bool xlsx, const std::string& sheet, const std::vector<std::string>& text) {
  SourceSpec spec;
  spec.name = "corrections";
  spec.format = xlsx ? "xlsx" : "csv";
  spec.path = path;
  spec.files = {path};
  if (xlsx) {
    spec.options["sheet"] = {sheet};
    spec.options["header_row"] = {"1"};
    // Everything is text: an identifier typed as a number must not turn into a date.
    spec.options["text_columns"] = text;
  }
  Table t;
  if (xlsx)
    XlsxImporter().read(spec, t);
  else
    CsvImporter().read(spec, t);
  return t;
}

std::vector<std::string> group_list(const std::string& cell) {
  auto groups = split_list(cell, ";");
  sort_unique_folded(groups);
  return groups;
}

bool has_folded(const std::vector<std::string>& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const auto& g) { return iequals(g, name); });
}

std::optional<std::string> opt_string(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

class CorrectionReader {
 public:
  CorrectionReader(const Config& cfg, CorrectionStore& store, std::string by, Timestamp now)
      : cfg_(cfg), layout_(sheet_layout(cfg)), store_(store), by_(std::move(by)), now_(now) {}

  SheetImportResult run(const std::string& path) {
    bool xlsx = is_workbook(path);
    auto export_id = identify(path, xlsx);
    auto exported = store_.load_export(export_id);
    // A workbook's edits are recorded once: importing it again would record them again, and bring
    // back corrections dropped since.
    if (!exported->imported_at.empty())
      throw InputError(path + ": the edits of export " + std::to_string(export_id) + " were recorded at " +
                       exported->imported_at +
                       "; export again (usersync sheet export) to make further corrections");
    const auto& columns = exported->columns;
    Table t = read_table(path, xlsx, "Users", columns);
    // Without a column every row would seem edited; an extra column leaves the rows readable.
    if (check_columns(t, columns)) {
      for (const auto& r : store_.export_rows(export_id)) {
        rows_.emplace(r.row_key, r);
        usernames_.emplace(fold_case(r.username), r.row_key);
      }
      std::map<std::int64_t, std::string> seen;  // row key -> where
      for (const auto& r : t.records) row(r, seen);
      for (const auto& [key, r] : rows_)
        if (!seen.count(key)) deleted(r);
    }
    if (!errors_.empty()) {
      constexpr std::size_t kShown = 50;
      std::string message = std::to_string(errors_.size()) + " error(s) in " + path + "; nothing was recorded:";
      for (std::size_t i = 0; i < errors_.size() && i < kShown; ++i) message += "\n" + errors_[i];
      if (errors_.size() > kShown) message += "\n... and " + std::to_string(errors_.size() - kShown) + " more";
      throw InputError(message);
    }
    for (auto& c : out_) c.export_id = export_id;
    if (!out_.empty()) store_.mark_imported(export_id, now_);
    return {export_id, store_.add(out_)};
  }

 private:
  /// The export a workbook came from, by its hidden sheet; a CSV is taken for the newest export.
  std::int64_t identify(const std::string& path, bool xlsx) {
    const std::string not_ours = path + ": this workbook was not exported by this database (" + cfg_.database +
                                 "); export one with usersync sheet export and edit that";
    if (!xlsx) {
      auto newest = store_.newest_export();
      if (!newest) throw InputError(path + ": nothing was exported yet; run usersync sheet export first");
      return *newest;
    }
    std::map<std::string, std::string> identity;
    try {
      Table t = read_table(path, true, "_usersync", {"key", "value"});
      for (const auto& r : t.records)
        if (r.values.size() >= 2) identity[r.values[0]] = r.values[1];
    } catch (const InputError& e) {
      if (std::string(e.what()).find("has no sheet '_usersync'") == std::string::npos) throw;
      throw InputError(not_ours);
    }
    std::int64_t id = 0;
    try {
      id = std::stoll(identity["export"]);
    } catch (...) {
      throw InputError(not_ours);
    }
    auto e = store_.load_export(id);
    if (identity["workbook"] != "usersync corrections" || !e || e->checksum != identity["checksum"])
      throw InputError(not_ours);
    return id;
  }

  SourceLocation column_place(const Table& t, std::size_t i) const {
    SourceLocation at = t.header_at;
    if (!at.sheet.empty()) at.column = !t.records.empty() && i < t.records[0].columns.size()
                                           ? t.records[0].columns[i]
                                           : static_cast<std::int64_t>(i) + 1;
    return at;
  }

  /// False when a column of the export is missing.
  bool check_columns(const Table& t, const std::vector<std::string>& columns) {
    for (std::size_t i = 0; i < t.names.size(); ++i)
      if (std::find(columns.begin(), columns.end(), t.names[i]) == columns.end())
        error(column_place(t, i), "unknown column '" + t.names[i] + "'; the export's columns are " + join(columns, ", "));
    bool complete = true;
    for (const auto& c : columns)
      if (std::find(t.names.begin(), t.names.end(), c) == t.names.end()) {
        error(t.header_at, "the column '" + c + "' is missing; every column of the export must stay");
        complete = false;
      }
    return complete;
  }

  void error(const SourceLocation& where, const std::string& message) { errors_.push_back(format_located(where, message)); }

  std::string cell(const Record& r, const std::string& column) const {
    const std::string* v = r.get(column);
    return v ? std::string(trim(*v)) : std::string();
  }

  void row(const Record& r, std::map<std::int64_t, std::string>& seen) {
    std::string key_text = cell(r, kRowColumn);
    std::string note = cell(r, kNoteColumn);
    std::string expires = cell(r, kExpiresColumn);
    if (!expires.empty() && !Timestamp::parse(expires))
      error(r.location(kExpiresColumn), "expires '" + expires + "' is not a date; expected ISO 8601 (2027-01-31)");
    const SheetLayout& layout = layout_;
    if (key_text.empty()) return new_row(r, layout, note, expires);
    std::int64_t key = 0;
    try {
      key = std::stoll(key_text);
    } catch (...) {
    }
    auto it = rows_.find(key);
    if (it == rows_.end())
      return error(r.location(kRowColumn), "unknown row key '" + key_text +
                                               "': no row of the export has it (the hidden _row column is "
                                               "usersync's; leave it as it is, and leave it empty in new rows)");
    auto place = format_located(r.location(kRowColumn), "");
    auto [prev, fresh] = seen.emplace(key, place.substr(0, place.size() - 2));
    if (!fresh) return error(r.location(kRowColumn), "row key " + key_text + " is also at " + prev->second +
                                                         "; a row may appear once (copy a row as a new row "
                                                         "with an empty _row)");
    const ExportRow& e = it->second;
    json shown = json::parse(e.shown), baseline = json::parse(e.baseline);
    auto was = [&](const std::string& c) { return shown.value(c, std::string()); };
    // Read-only cells: the username (the row's key) and where each value came from.
    for (const auto& c : layout.columns) {
      bool read_only = c == attr::username || is_source_column(c);
      if (read_only && cell(r, c) != trim(was(c)))
        error(r.location(c), "the column '" + c + "' is read-only; the export has '" + was(c) +
                                 "' here (to rename a user, correct their source, or add a row and delete this one)");
    }
    Correction base;
    base.username = e.username;
    base.note = note;
    base.expires = expires;
    for (const auto& a : layout.attributes) {
      std::string now = cell(r, a);
      if (now == trim(was(a))) continue;
      add(base, CorrectionKind::set, a, was(a), opt_string(baseline, a), now);
    }
    std::string active = cell(r, attr::active);
    auto wanted = parse_bool(active);
    if (!active.empty() && !wanted) {
      error(r.location(attr::active), "active '" + active + "' is not true or false");
    } else if (wanted && (!parse_bool(was(attr::active)) || *wanted != *parse_bool(was(attr::active)))) {
      add(base, CorrectionKind::set, attr::active, was(attr::active), opt_string(baseline, attr::active),
          *wanted ? "true" : "false");
    }
    auto before = group_list(was(attr::groups)), after = group_list(cell(r, attr::groups));
    std::optional<std::vector<std::string>> source_groups;
    if (baseline.contains(attr::groups) && !baseline[attr::groups].is_null())
      source_groups = baseline[attr::groups].get<std::vector<std::string>>();
    auto source_member = [&](const std::string& g) -> std::optional<std::string> {
      if (!source_groups) return std::nullopt;
      return has_folded(*source_groups, g) ? "member" : "";
    };
    for (const auto& g : after)
      if (!has_folded(before, g)) add(base, CorrectionKind::group_add, g, "", source_member(g), "member");
    for (const auto& g : before)
      if (!has_folded(after, g)) add(base, CorrectionKind::group_remove, g, "member", source_member(g), "");
  }

  void new_row(const Record& r, const SheetLayout& layout, const std::string& note, const std::string& expires) {
    bool any = false;
    for (const auto& v : r.values) any = any || !trim(v).empty();
    if (!any) return;
    std::string name = cell(r, attr::username);
    if (name.empty()) return error(r.location(attr::username), "a new row needs a username");
    if (auto other = usernames_.find(fold_case(name)); other != usernames_.end())
      return error(r.location(attr::username), "'" + name + "' already has a row of the export (its _row is " +
                                                   std::to_string(other->second) + "); edit that row instead");
    if (!new_names_.insert(fold_case(name)).second)
      return error(r.location(attr::username), "'" + name + "' is added twice");
    for (const auto& c : layout.columns)
      if (is_source_column(c) && !cell(r, c).empty())
        error(r.location(c), "the column '" + c + "' is read-only; leave it empty in a new row");
    Correction base;
    base.username = name;
    base.note = note;
    base.expires = expires;
    add(base, CorrectionKind::create, "", std::nullopt, std::nullopt, "");
    for (const auto& a : layout.attributes)
      if (auto v = cell(r, a); !v.empty()) add(base, CorrectionKind::set, a, std::nullopt, std::nullopt, v);
    std::string active = cell(r, attr::active);
    if (!active.empty()) {
      if (auto b = parse_bool(active))
        add(base, CorrectionKind::set, attr::active, std::nullopt, std::nullopt, *b ? "true" : "false");
      else
        error(r.location(attr::active), "active '" + active + "' is not true or false");
    }
    for (const auto& g : group_list(cell(r, attr::groups)))
      add(base, CorrectionKind::group_add, g, std::nullopt, std::nullopt, "member");
  }

  void deleted(const ExportRow& e) {
    Correction base;
    base.username = e.username;
    add(base, CorrectionKind::deprovision, "", "row", std::nullopt, "");
  }

  void add(const Correction& base, CorrectionKind kind, const std::string& attribute,
           std::optional<std::string> exported, std::optional<std::string> baseline, std::string value) {
    Correction c = base;
    c.kind = kind;
    c.attribute = attribute;
    c.exported = std::move(exported);
    c.baseline = std::move(baseline);
    c.value = std::move(value);
    c.by = by_;
    c.created_at = now_.iso();
    out_.push_back(std::move(c));
  }

  const Config& cfg_;
  const SheetLayout layout_;  // the columns and editable attributes, the same for every row
  CorrectionStore& store_;
  std::string by_;
  Timestamp now_;
  std::map<std::int64_t, ExportRow> rows_;
  std::map<std::string, std::int64_t> usernames_;
  std::set<std::string> new_names_;
  std::vector<std::string> errors_;
  std::vector<Correction> out_;
};

}  // namespace

SheetImportResult import_sheet(Database& db, const Config& cfg, const std::string& path, const std::string& by,
                               Timestamp now) {
  CorrectionStore store(db);
  return CorrectionReader(cfg, store, by, now).run(path);
}

}  // namespace usersync
