#include "sheet_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <utility>

#include "model/errors.h"
#include "xlsx_book.h"  // shown_width

namespace usersync {

namespace {

constexpr lxw_color_t kReadOnlyFill = 0xD9D9D9;  // light grey: a value usersync owns
constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;
constexpr std::size_t kFilterButton = 2;  // the autofilter arrow covers the header's last characters

/// How one sheet is written, beyond its table.
struct SheetPlan {
  const SheetTable& table;
  bool read_only = false;          // every cell locked and the sheet protected, whatever its columns say
  std::vector<std::string> intro;  // lines above the header row (the About sheet)
  bool wrap = false;               // long values wrap at the width cap instead of running on
};

/// One workbook being written. libxlsxwriter is a C API whose workbook_close both writes and
/// frees: the destructor calls it when an exception left it open, so nothing leaks mid-way.
class Writer {
 public:
  Writer(const std::string& file, std::string path, std::int64_t created) : path_(std::move(path)) {
    // constant_memory: rows go to a temporary file as they are written and cells are inline
    // strings, so a large directory costs no more memory than a small one.
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    workbook_ = workbook_new_opt(file.c_str(), &options);
    if (!workbook_) throw Error(ExitCode::internal, path_ + ": cannot write workbook: out of memory");
    // libxlsxwriter dates the zip entries 1980-01-01 itself; the document's dates are the only
    // clock in the file, and 0 would mean "now" to it.
    lxw_doc_properties properties = {};
    properties.created = created != 0 ? static_cast<time_t>(created) : 1;
    check(workbook_set_properties(workbook_, &properties), "properties");
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    // Every body cell is formatted as text ("@"), so what an admin types stays text: `00123` is
    // not a number and `true` is not a boolean.
    editable_ = text_format();
    format_set_unlocked(editable_);
    read_only_ = text_format();
    format_set_bg_color(read_only_, kReadOnlyFill);
    locked_ = text_format();
    wrapped_ = text_format();
    format_set_text_wrap(wrapped_);
  }
  ~Writer() {
    if (workbook_) workbook_close(workbook_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  lxw_worksheet* sheet(const SheetPlan& plan);
  void close() { check(workbook_close(std::exchange(workbook_, nullptr)), "close"); }

 private:
  lxw_format* text_format() {
    auto* f = workbook_add_format(workbook_);
    format_set_num_format(f, "@");
    return f;
  }
  void check(lxw_error err, const std::string& what) const {
    if (err != LXW_NO_ERROR)
      throw Error(ExitCode::internal, path_ + ": cannot write workbook: " + what + ": " + lxw_strerror(err));
  }
  void write(lxw_worksheet* ws, const std::string& sheet, lxw_row_t row, lxw_col_t col, const std::string& value,
             lxw_format* format) const {
    // An empty string writes a blank cell that keeps its format (an editable blank stays editable).
    lxw_error err = worksheet_write_string(ws, row, col, value.c_str(), format);
    if (err != LXW_NO_ERROR)
      throw Error(ExitCode::internal, cell_place(path_, sheet, static_cast<std::int64_t>(col) + 1, row + 1) +
                                          ": cannot write workbook: " + lxw_strerror(err));
  }

  lxw_workbook* workbook_ = nullptr;
  std::string path_;
  lxw_format* header_ = nullptr;
  lxw_format* editable_ = nullptr;
  lxw_format* read_only_ = nullptr;
  lxw_format* locked_ = nullptr;
  lxw_format* wrapped_ = nullptr;
};

lxw_worksheet* Writer::sheet(const SheetPlan& plan) {
  const auto& t = plan.table;
  // libxlsxwriter would name a nameless sheet "" (which Excel refuses) rather than say so.
  if (t.name.empty()) throw Error(ExitCode::internal, path_ + ": cannot write workbook: a sheet has no name");
  check(workbook_validate_sheet_name(workbook_, t.name.c_str()), "sheet \"" + t.name + "\"");
  lxw_worksheet* ws = workbook_add_worksheet(workbook_, t.name.c_str());
  if (!ws) check(LXW_ERROR_MEMORY_MALLOC_FAILED, "sheet \"" + t.name + "\"");
  if (t.columns.size() > LXW_COL_MAX) check(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, "sheet \"" + t.name + "\"");
  auto columns = static_cast<lxw_col_t>(t.columns.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r].size() != t.columns.size())
      throw Error(ExitCode::internal, path_ + ": cannot write workbook: " + t.name + " row " + std::to_string(r + 2) +
                                          " has " + std::to_string(t.rows[r].size()) + " values for " +
                                          std::to_string(t.columns.size()) + " columns");

  // Columns first: their default format is what a cell gets that no one has written yet, so an
  // unlocked default lets the admin fill the rows they add at the bottom, read-only columns
  // included (a new user needs a username). Existing values of a read-only column are locked.
  bool editable_sheet = !plan.read_only;
  std::vector<lxw_format*> cell_format(columns);
  for (lxw_col_t c = 0; c < columns; ++c) {
    const auto& col = t.columns[c];
    std::size_t chars = shown_width(CellType::text, col.name) + kFilterButton;
    for (const auto& row : t.rows) chars = std::max(chars, shown_width(CellType::text, row[c]));
    double width = std::clamp(static_cast<double>(chars), kMinWidth, kMaxWidth);
    lxw_format* column_default = editable_sheet ? editable_ : nullptr;
    cell_format[c] = !editable_sheet ? (plan.wrap ? wrapped_ : locked_) : col.editable ? editable_ : read_only_;
    lxw_row_col_options options = {};
    options.hidden = col.hidden ? 1 : 0;
    check(worksheet_set_column_opt(ws, c, c, width, column_default, &options), t.name + " column " + col.name);
  }

  lxw_row_t row = 0;
  for (const auto& line : plan.intro) write(ws, t.name, row++, 0, line, locked_);
  lxw_row_t header_row = row;
  for (lxw_col_t c = 0; c < columns; ++c) write(ws, t.name, row, c, t.columns[c].name, header_);
  for (const auto& values : t.rows) {
    ++row;
    for (lxw_col_t c = 0; c < columns; ++c) write(ws, t.name, row, c, values[c], cell_format[c]);
  }
  if (columns == 0) return ws;

  worksheet_freeze_panes(ws, header_row + 1, 0);
  check(worksheet_autofilter(ws, header_row, 0, row, columns - 1), t.name + " autofilter");
  const char* booleans[] = {"true", "false", nullptr};
  for (lxw_col_t c = 0; c < columns; ++c) {
    if (!t.columns[c].boolean) continue;
    lxw_data_validation validation = {};
    validation.validate = LXW_VALIDATION_TYPE_LIST;
    validation.value_list = const_cast<char**>(booleans);  // libxlsxwriter copies it and never writes to it
    // Down to 10,000 rows past the data, not the whole column: tools that keep a validation per
    // cell (ExcelJS) take seconds and a gigabyte for a million-row range.
    const lxw_row_t last = std::min<lxw_row_t>(LXW_ROW_MAX - 1, row + 10000);
    check(worksheet_data_validation_range(ws, header_row + 1, c, last, c, &validation),
          t.name + " column " + t.columns[c].name + " validation");
  }
  // An editable sheet lets the admin add and remove rows, sort and filter them and widen columns;
  // a read-only one only filtering and widening. Options set to 1 are the ones allowed.
  if (editable_sheet && !t.protect) return ws;
  lxw_protection allowed = {};
  allowed.autofilter = 1;
  allowed.format_columns = 1;
  if (editable_sheet) allowed.insert_rows = allowed.delete_rows = allowed.sort = 1;
  worksheet_protect(ws, nullptr, &allowed);
  return ws;
}

/// The About sheet as a table: each column of Users with its explanation, then the other pairs.
SheetTable about_table(const SheetWorkbook& book) {
  SheetTable about{"About", {{"column"}, {"explanation"}}, {}, true};
  std::map<std::string, std::string> given;
  for (const auto& [key, text] : book.about)
    if (!key.empty()) given.emplace(key, text);
  for (const auto& col : book.users.columns) {
    auto it = given.find(col.name);
    std::string text = it != given.end() ? it->second : col.help;
    if (it != given.end()) given.erase(it);  // listed here, not again below
    if (!text.empty()) about.rows.push_back({col.name, text});
  }
  for (const auto& [key, text] : book.about)
    if (given.count(key)) about.rows.push_back({key, text});
  return about;
}

}  // namespace

void write_sheet_workbook(const std::string& path, const SheetWorkbook& book) {
  // Written beside `path` and renamed, so a failure never leaves a half workbook where one was.
  std::filesystem::path target(path);
  auto staging = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  std::error_code ec;
  try {
    // libxlsxwriter opens the file only as it closes the workbook, and then prints its own
    // message: opening it first fails before any work, with the system's reason alone.
    std::FILE* probe = std::fopen(staging.c_str(), "wb");
    // A folder that does not exist or cannot be written is the caller's choice of path: exit 2.
    if (!probe) throw UsageError(path + ": cannot write workbook: " + std::strerror(errno));
    std::fclose(probe);
    Writer writer(staging.string(), path, book.created);
    worksheet_activate(writer.sheet({book.users}));
    for (const auto& other : book.others) writer.sheet({other, true});
    std::vector<std::string> intro;
    for (const auto& [key, text] : book.about)
      if (key.empty()) intro.push_back(text);
    auto about = about_table(book);
    writer.sheet({about, true, intro, true});
    SheetTable identity{"_usersync", {{"key"}, {"value"}}, {}, true};
    for (const auto& [key, value] : book.identity) identity.rows.push_back({key, value});
    worksheet_hide(writer.sheet({identity, true}));
    writer.close();
  } catch (...) {
    std::filesystem::remove(staging, ec);
    throw;
  }
  std::filesystem::rename(staging, target, ec);
  if (ec) {
    auto message = ec.message();
    std::filesystem::remove(staging, ec);
    throw Error(ExitCode::internal, path + ": cannot write workbook: " + message);
  }
}

}  // namespace usersync
