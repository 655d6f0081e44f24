#include "xlsx_table.h"

#include <algorithm>
#include <utility>

#include "model/text.h"

namespace usersync {

namespace {
constexpr std::size_t kMinWidth = 8;
constexpr std::size_t kMaxWidth = 60;
constexpr std::size_t kFilterButton = 2;  // the filter's arrow covers the header's last characters

std::string sheet_name(const std::string& name, int index) {
  return index == 1 ? name : name + " (" + std::to_string(index) + ")";
}

std::int64_t sheet_count(std::int64_t rows, std::int64_t per_sheet) {
  return std::max<std::int64_t>(1, (rows + per_sheet - 1) / per_sheet);
}
}  // namespace

std::vector<std::string> table_sheets(const std::string& name, std::int64_t rows, std::int64_t per_sheet) {
  std::vector<std::string> names;
  for (std::int64_t i = 1; i <= sheet_count(rows, per_sheet); ++i)
    names.push_back(sheet_name(name, static_cast<int>(i)));
  return names;
}

std::string with_thousands(std::int64_t n) {
  auto digits = std::to_string(n);
  std::string out;
  std::size_t first = digits[0] == '-' ? 1 : 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string overflow_note(const std::string& name, std::int64_t rows, std::int64_t per_sheet) {
  if (sheet_count(rows, per_sheet) == 1) return "";
  return name + ": " + with_thousands(rows) + " rows on " + join(table_sheets(name, rows, per_sheet), ", ");
}

XlsxTable::XlsxTable(XlsxBook& book, std::string name, std::vector<TableColumn> columns, std::int64_t rows,
                     std::int64_t per_sheet)
    : book_(book), name_(std::move(name)), columns_(std::move(columns)), rows_(rows), per_sheet_(per_sheet) {
  if (columns_.empty() || columns_.size() > 16384)
    book_.fail(name_ + " has " + std::to_string(columns_.size()) + " columns: a sheet holds 1 to 16,384");
  next_sheet();
}

void XlsxTable::next_sheet() {
  ++sheets_;
  sheet_ = book_.add_sheet(sheet_name(name_, sheets_));
  sheet_row_ = 0;
  auto last = static_cast<std::uint16_t>(columns_.size() - 1);
  for (std::uint16_t c = 0; c <= last; ++c) {
    const auto& col = columns_[c];
    auto chars = std::max(col.width, shown_width(CellType::text, col.name) + kFilterButton);
    book_.set_width(sheet_, c, std::clamp(chars, kMinWidth, kMaxWidth));
  }
  // The rows this sheet gets are known now, so its filter is set before they stream past.
  auto on_sheet = std::min(per_sheet_, rows_ - written_);
  book_.header_view(sheet_, 0, last, static_cast<std::uint32_t>(on_sheet));
  for (std::uint16_t c = 0; c <= last; ++c) book_.write(sheet_, 0, c, CellType::text, columns_[c].name, true);
}

void XlsxTable::row(const std::vector<std::string>& values) {
  if (written_ == rows_) book_.fail(name_ + " has more than the " + std::to_string(rows_) + " rows announced");
  if (values.size() != columns_.size())
    book_.fail(name_ + " row " + std::to_string(written_ + 1) + " has " + std::to_string(values.size()) +
               " values for " + std::to_string(columns_.size()) + " columns");
  if (sheet_row_ == per_sheet_) next_sheet();
  ++sheet_row_;
  for (std::size_t c = 0; c < values.size(); ++c)
    book_.write(sheet_, sheet_row_, static_cast<std::uint16_t>(c), columns_[c].type, values[c]);
  ++written_;
}

void XlsxTable::finish() const {
  if (written_ != rows_)
    book_.fail(name_ + " has " + std::to_string(written_) + " rows of the " + std::to_string(rows_) + " announced");
}

}  // namespace usersync
