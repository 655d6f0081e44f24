#include "xlsx_importer.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "model/errors.h"
#include "model/text.h"
#include "xlsx_sheet.h"
#include "zip_archive.h"

namespace usersync {

namespace {

/// A row's cells before a header is known: that many non-empty rows are searched for it.
constexpr std::size_t kHeaderSearchRows = 100;

std::string exact_number(const std::string& stored, double v) {
  // An identifier column: the digits as the file stores them when they are plain (a 17-digit
  // number would not survive a double), else the shortest text that reads back as the same
  // double (no rounding to 15 digits), never with an exponent.
  bool plain = !stored.empty();
  for (std::size_t i = 0; i < stored.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(stored[i])) && !(i == 0 && stored[i] == '-') && stored[i] != '.')
      plain = false;
  if (plain) {
    std::string s = stored;
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s;
  }
  char buf[400];
  if (v == std::trunc(v) && std::fabs(v) < 1e21) return format_number(v);
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : format_number(v);
}

class SheetTable {
 public:
  SheetTable(const SourceSpec& spec, XlsxWorkbook& book, const SheetInfo& sheet, RecordSink& sink, ImportStats& stats)
      : spec_(spec), book_(book), sheet_(sheet), sink_(sink), stats_(stats) {
    file_ = book.zip().name();
    // Copies: option() returns the fallback itself, a temporary here.
    const std::vector<std::string> text_columns = spec.option("text_columns", {});
    for (const auto& c : text_columns) text_columns_.insert(fold_case(c));
    const std::vector<std::string> h = spec.option("header_row", {});
    if (!h.empty()) {
      const auto& t = h.front();
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), header_row_);
      if (ec != std::errc() || p != t.data() + t.size() || header_row_ < 1 || header_row_ > 1048576)
        throw ConfigError("source '" + spec.name + "': header_row '" + t +
                          "' is not a row number; expected a number from 1 to 1048576, or no header_row to find it");
    }
    for (const auto& f : spec.fields) wanted_.insert(fold_case(f));
  }

  bool row(const XlsxRow& r) {
    if (header_) {
      data_row(r);
      return true;
    }
    if (header_row_ > 0) {
      if (r.row == header_row_) take_header(r);
      if (r.row > header_row_)
        throw InputError(cell_place(file_, sheet_.name, 0, header_row_) + ": header_row " +
                         std::to_string(header_row_) + " is empty; expected the column names there");
      return true;
    }
    if (holds_wanted(r)) {
      take_header(r);
      return true;
    }
    waiting_.push_back(r);
    if (waiting_.size() >= kHeaderSearchRows) take_first_waiting();
    return true;
  }

  void finish() {
    if (!header_ && header_row_ == 0 && !waiting_.empty()) take_first_waiting();
    if (!header_) {
      if (header_row_ > 0)
        throw InputError(cell_place(file_, sheet_.name, 0, header_row_) + ": header_row " +
                         std::to_string(header_row_) + " is empty; expected the column names there");
      throw InputError(file_ + "!" + sheet_.name + ": the sheet is empty; expected a header row and data rows");
    }
  }

 private:
  /// `wanted`: the mapping reads this column (or which columns it reads is unknown); a formula
  /// error elsewhere (a helper column) is kept as its text instead of refusing the sheet.
  std::string render(const XlsxCell& c, bool text_column, std::int64_t row, bool wanted = true) const {
    auto place = [&] { return cell_place(file_, sheet_.name, c.column, row); };
    switch (c.kind) {
      case CellKind::error:
        if (!wanted) return c.value;
        throw InputError(place() + ": the cell holds the formula error " + c.value +
                         "; expected a value (fix the formula or clear the cell)");
      case CellKind::number: {
        double v = 0;
        std::from_chars(c.value.data(), c.value.data() + c.value.size(), v);
        NumberFormat f = book_.style(c.style);
        if (!text_column && (f.date || f.time)) {
          auto date = format_date(v, book_.date1904(), f);
          if (!date)
            throw InputError(place() + ": the cell is formatted as a date but holds " + c.value +
                             ", which is no date from 1900 to 9999; expected a date, or list the column in "
                             "text_columns");
          return *date;
        }
        std::string s = text_column ? exact_number(c.value, v) : format_number(v);
        if (f.zero_pad > 0 && v >= 0 && v == std::trunc(v) && s.size() < static_cast<std::size_t>(f.zero_pad))
          s.insert(0, static_cast<std::size_t>(f.zero_pad) - s.size(), '0');
        return s;
      }
      default:
        return c.value;
    }
  }

  bool holds_wanted(const XlsxRow& r) const {
    if (wanted_.empty()) return true;
    std::size_t found = 0;
    for (const auto& c : r.cells)
      if (c.kind == CellKind::text && wanted_.count(fold_case(trim(c.value)))) ++found;
    return found >= wanted_.size();
  }

  void take_first_waiting() {
    auto rows = std::move(waiting_);
    waiting_.clear();
    take_header(rows.front());
    for (std::size_t i = 1; i < rows.size(); ++i) data_row(rows[i]);
  }

  void take_header(const XlsxRow& r) {
    std::vector<std::string> names;
    for (const auto& c : r.cells) {
      std::string name(trim(render(c, true, r.row)));
      if (name.empty()) continue;
      for (std::size_t i = 0; i < names.size(); ++i)
        if (iequals(names[i], name))
          throw InputError(cell_place(file_, sheet_.name, c.column, r.row) + ": duplicate column name '" + name +
                           "' in the header row (also in column " + column_name(columns_[i]) +
                           "); every column needs its own name");
      index_[c.column] = names.size();
      columns_.push_back(c.column);
      names.push_back(std::move(name));
    }
    header_row_ = r.row;
    header_ = std::make_shared<const Header>(std::move(names));
    for (std::size_t i = 0; i < columns_.size(); ++i)
      text_.push_back(text_columns_.count(fold_case(header_->names()[i])) > 0);
    sink_.header(*header_, SourceLocation{file_, r.row, 0, "", "", sheet_.name});
    record_.header = header_;
    record_.file = file_;
    record_.sheet = sheet_.name;
    record_.columns = columns_;
  }

  void data_row(const XlsxRow& r) {
    const auto width = columns_.size();
    record_.values.assign(width, std::string());
    record_.lines.assign(width, r.row);
    record_.line = r.row;
    bool any = false;
    for (const auto& c : r.cells) {
      auto it = index_.find(c.column);
      bool text_column = it != index_.end() && text_[it->second];
      bool wanted = wanted_.empty() || (it != index_.end() && wanted_.count(fold_case(header_->names()[it->second])));
      std::string value = render(c, text_column, r.row, wanted);
      if (it == index_.end()) {
        if (trim(value).empty()) continue;
        throw InputError(cell_place(file_, sheet_.name, c.column, r.row) + ": a value in column " +
                         column_name(c.column) + ", which has no name in the header row (row " +
                         std::to_string(header_row_) + "); name the column or clear the cell");
      }
      any = any || !value.empty();
      record_.values[it->second] = std::move(value);
    }
    if (!any) return;  // an empty row (formatting only): skipped, as trailing rows are
    sink_.user(record_);
    ++stats_.records;
  }

  const SourceSpec& spec_;
  XlsxWorkbook& book_;
  const SheetInfo& sheet_;
  RecordSink& sink_;
  ImportStats& stats_;
  std::string file_;
  std::unordered_set<std::string> text_columns_, wanted_;
  std::int64_t header_row_ = 0;
  std::shared_ptr<const Header> header_;
  std::unordered_map<std::int64_t, std::size_t> index_;  // sheet column -> header index
  std::vector<std::int64_t> columns_;
  std::vector<bool> text_;
  std::vector<XlsxRow> waiting_;
  Record record_;
};

}  // namespace

ImportStats XlsxImporter::read(const SourceSpec& spec, RecordSink& sink) {
  const std::string& path = spec.files.empty() ? spec.path : spec.files.front();
  ZipArchive zip(path);
  XlsxWorkbook book(zip);
  const SheetInfo& sheet = book.select(spec.option("sheet", {""}).front());
  ImportStats stats;
  SheetTable table(spec, book, sheet, sink, stats);
  read_sheet(book, sheet, [&](const XlsxRow& r) { return table.row(r); });
  table.finish();
  stats.encoding = "xlsx";
  return stats;
}

}  // namespace usersync
