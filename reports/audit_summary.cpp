#include "audit_summary.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "model/text.h"

namespace usersync {

namespace {

constexpr std::size_t kMinWidth = 8;
constexpr std::size_t kMaxWidth = 60;
constexpr const char* kSheet = "Summary";

struct Cell {
  CellType type = CellType::text;
  std::string text;
};

/// One row of the sheet. A row of one long cell (a title, a message) spills into the empty
/// cells beside it and does not widen its column.
struct Line {
  std::vector<Cell> cells;
  bool bold = false;
  bool spills = false;
};

Cell text(std::string s) { return {CellType::text, std::move(s)}; }
Cell count(std::int64_t n) { return {CellType::number, std::to_string(n)}; }
Cell flag(bool b) { return {CellType::boolean, b ? "true" : "false"}; }
/// The shortest text that reads back as the same double: 0.0482, not 0.048200000000000003.
Cell number(double v) {
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  return {CellType::number, std::string(buffer, end)};
}

class Sheet {
 public:
  void fact(std::string item, Cell value) { lines_.push_back({{text(std::move(item)), std::move(value)}}); }
  /// A section: a blank line, its title, its bold column names. Returns the title's row.
  std::size_t section(const std::string& title, const std::vector<std::string>& columns) {
    lines_.push_back({});
    lines_.push_back({{text(title)}, true, true});
    Line header{{}, true};
    for (const auto& c : columns) header.cells.push_back(text(c));
    lines_.push_back(std::move(header));
    return lines_.size() - 2;
  }
  void row(std::vector<Cell> cells, bool spills = false) { lines_.push_back({std::move(cells), false, spills}); }
  std::size_t size() const { return lines_.size(); }
  const std::vector<Line>& lines() const { return lines_; }

 private:
  std::vector<Line> lines_{{{text("item"), text("value")}, true}};
};

std::size_t counts(Sheet& s, const std::string& title, const std::string& what, const std::vector<std::string>& names,
                   const std::map<std::string, std::int64_t>& values) {
  s.section(title, {what, "count"});
  auto first = s.size();
  for (const auto& name : names) {
    auto it = values.find(name);
    s.row({text(name), count(it != values.end() ? it->second : 0)});
  }
  return first;
}

void chart_changes(XlsxBook& book, lxw_worksheet* sheet, std::size_t title_row, std::size_t first, std::size_t last) {
  lxw_chart* chart = workbook_add_chart(book.raw(), LXW_CHART_COLUMN);
  if (!chart) book.check(LXW_ERROR_MEMORY_MALLOC_FAILED);
  // The series refers to the count cells, so the chart is the table's picture, not a copy of it.
  // (In constant-memory mode libxlsxwriter cannot cache the values; Excel and LibreOffice read
  // the cells when they open the file.)
  lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
  if (!series) book.check(LXW_ERROR_MEMORY_MALLOC_FAILED);
  auto r0 = static_cast<lxw_row_t>(first), r1 = static_cast<lxw_row_t>(last);
  chart_series_set_categories(series, kSheet, r0, 0, r1, 0);
  chart_series_set_values(series, kSheet, r0, 1, r1, 1);
  chart_series_set_name(series, "changes");
  chart_title_set_name(chart, "Changes by kind");
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  lxw_chart_options options = {};
  options.x_scale = 1.5;
  book.check(worksheet_insert_chart_opt(sheet, static_cast<lxw_row_t>(title_row), 3, chart, &options));
}

}  // namespace

void write_summary_sheet(XlsxBook& book, const RunSummary& run, const std::vector<std::string>& overflow) {
  Sheet s;
  s.fact("run id", count(run.run_id));
  s.fact("mode", text(run.mode));
  s.fact("time (UTC)", {CellType::value, run.now});
  s.fact("status", text(run.status));
  s.fact("plan id", run.plan_id ? count(run.plan_id) : text(""));
  s.fact("usersync version", text(run.usersync_version));
  s.fact("config checksum", text(run.config_checksum));
  s.fact("options", text(join(run.options, " ")));
  s.fact("directory export", text(run.directory_export));
  s.fact("directory checksum", text(run.directory_checksum));
  s.fact("directory users", count(run.directory_users));
  s.fact("directory groups", count(run.directory_groups));
  if (!run.target.empty()) s.fact("target", text(run.target));
  if (run.drift) {
    s.fact("drift", text(drift_message(*run.drift)));
    s.fact("drift users", text(join(run.drift->users, "; ")));
  }
  if (run.users_not_listed)
    s.fact("users not listed", text(users_not_listed_note(run.users_not_listed)));
  for (const auto& note : overflow) s.fact("overflow", text(note));
  auto facts_end = s.size() - 1;

  s.section("Sources",
            {"source", "format", "path", "records", "checksum", "files", "groups", "memberships", "ignored members"});
  for (const auto& src : run.sources) {
    std::vector<Cell> cells{text(src.name), text(src.format), text(src.path), count(src.records), text(src.checksum)};
    // Only dumps have groups and memberships; a CSV's zeros would claim it listed none.
    if (src.dump)
      for (auto n : {src.files, src.groups, src.memberships, src.ignored_members}) cells.push_back(count(n));
    s.row(std::move(cells));
  }
  s.section("Guards", {"guard", "source", "measured", "allowed", "detail", "exceeded", "overridden", "message"});
  for (const auto& g : run.guards)
    s.row({text(g.guard), text(g.source), number(g.measured), number(g.allowed), text(g.detail), flag(g.exceeded),
           flag(g.overridden), text(g.message)});
  s.section("Held back", {"kind", "count", "message", "examples"});
  for (const auto& h : run.held_back)
    s.row({text(h.kind), count(h.count), text(h.message), text(join(h.examples, "; "))});
  s.section("Messages", {"message"});
  for (const auto& m : run.messages) s.row({text(m)}, true);

  std::vector<std::string> kinds;
  for (auto k : all_change_kinds()) kinds.emplace_back(to_string(k));
  auto kinds_first = counts(s, "Changes by kind", "kind", kinds, run.changes);
  auto kinds_title = kinds_first - 2;
  counts(s, "Users by action", "action", all_actions(), run.actions);
  if (!run.outcomes.empty()) {
    std::vector<std::string> outcomes;
    for (const auto& [name, n] : run.outcomes) outcomes.push_back(name);
    counts(s, "Outcomes", "outcome", outcomes, run.outcomes);
  }

  std::vector<std::size_t> widths;
  for (const auto& line : s.lines()) {
    if (line.spills) continue;
    widths.resize(std::max(widths.size(), line.cells.size()), kMinWidth);
    for (std::size_t c = 0; c < line.cells.size(); ++c)
      widths[c] = std::max(widths[c], shown_width(line.cells[c].type, line.cells[c].text));
  }
  lxw_worksheet* sheet = book.add_sheet(kSheet);
  for (std::size_t c = 0; c < widths.size(); ++c)
    book.set_width(sheet, static_cast<std::uint16_t>(c), std::min(widths[c], kMaxWidth));
  book.header_view(sheet, 0, 1, static_cast<std::uint32_t>(facts_end));
  for (std::size_t r = 0; r < s.size(); ++r) {
    const auto& line = s.lines()[r];
    for (std::size_t c = 0; c < line.cells.size(); ++c)
      book.write(sheet, static_cast<std::uint32_t>(r), static_cast<std::uint16_t>(c), line.cells[c].type,
                 line.cells[c].text, line.bold);
  }
  chart_changes(book, sheet, kinds_title, kinds_first, kinds_first + kinds.size() - 1);
}

}  // namespace usersync
