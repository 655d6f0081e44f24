#include "xlsx_sheet.h"

#include <charconv>

#include "model/errors.h"
#include "model/timestamp.h"
#include "xml_stream.h"

namespace usersync {

namespace {

/// The <sheetData> of a worksheet part, as rows of typed cells.
class SheetHandler : public XmlHandler {
 public:
  SheetHandler(XlsxWorkbook& book, const SheetInfo& sheet, const std::function<bool(const XlsxRow&)>& each)
      : book_(book), sheet_(sheet), each_(each) {}
  XmlStream* stream = nullptr;

  void start(std::string_view name, const std::vector<XmlAttribute>& a) override {
    if (name == "row") {
      auto r = attribute(a, "r");
      std::int64_t number = row_.row + 1;
      if (!r.empty() && (std::from_chars(r.data(), r.data() + r.size(), number).ec != std::errc() || number < 1 ||
                         number > 1048576))
        fail(0, row_.row + 1, "row number '" + std::string(r) + "' is not one from 1 to 1048576");
      if (number <= row_.row) fail(0, number, "row " + std::to_string(number) + " comes after row " +
                                                   std::to_string(row_.row) + "; rows must be in order");
      row_.row = number;
      row_.cells.clear();
      column_ = 0;
    } else if (name == "c") {
      auto r = attribute(a, "r");
      std::int64_t column = column_ + 1;
      if (!r.empty()) {
        auto ref = parse_cell_ref(r);
        if (!ref) fail(column, row_.row, "cell reference '" + std::string(r) + "' is not a cell (A1 to XFD1048576)");
        column = ref->first;
      }
      if (column <= column_) fail(column, row_.row, "cells must be in column order within a row");
      column_ = column;
      type_ = attribute(a, "t");
      style_ = 0;
      auto s = attribute(a, "s");
      std::from_chars(s.data(), s.data() + s.size(), style_);
      value_.clear();
      has_value_ = false;
      in_cell_ = true;
    } else if (in_cell_ && (name == "v" || (name == "t" && phonetic_ == 0))) {
      collecting_ = true;
      has_value_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    }
  }

  void end(std::string_view name) override {
    if (name == "v" || name == "t") {
      collecting_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      if (has_value_) add_cell();
    } else if (name == "row") {
      if (!row_.cells.empty() && !each_(row_)) stream->stop();
    }
  }

  void text(std::string_view piece) override {
    if (collecting_) value_.append(piece);
  }

 private:
  [[noreturn]] void fail(std::int64_t column, std::int64_t row, const std::string& message) const {
    throw InputError(cell_place(book_.zip().name(), sheet_.name, column, row) + ": " + message);
  }

  void add_cell() {
    XlsxCell cell{column_, CellKind::text, {}, style_};
    if (type_ == "s") {
      std::uint64_t index = 0;
      auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
      const std::string* s = ec == std::errc() ? book_.shared_string(index) : nullptr;
      if (!s)
        fail(column_, row_.row, "shared string " + value_ + " does not exist (the workbook's string table is shorter)");
      cell.value = *s;
    } else if (type_ == "inlineStr" || type_ == "str") {
      cell.value = unescape_ooxml(value_);
    } else if (type_ == "b") {
      if (value_ != "0" && value_ != "1") fail(column_, row_.row, "boolean cell holds '" + value_ + "'; expected 0 or 1");
      cell.kind = CellKind::boolean;
      cell.value = value_ == "1" ? "true" : "false";
    } else if (type_ == "e") {
      cell.kind = CellKind::error;
      cell.value = value_;
    } else if (type_ == "d") {
      // ISO 8601 as written; a whole day reads like a date-formatted number (2026-11-30), a time
      // without its zone or fraction ("2026-11-30T08:15:00").
      auto when = Timestamp::parse(value_);
      if (!when) fail(column_, row_.row, "date cell holds '" + value_ + "'; expected an ISO 8601 date");
      std::string iso = when->iso();
      cell.kind = CellKind::date;
      cell.value = iso.compare(10, 9, "T00:00:00") == 0 ? iso.substr(0, 10) : iso.substr(0, 19);
    } else {
      // t="n" or none: a number. An empty <v/> is an empty cell.
      if (value_.empty()) return;
      double v = 0;
      auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), v);
      if (ec != std::errc() || p != value_.data() + value_.size())
        fail(column_, row_.row, "number cell holds '" + value_ + "'; expected a number");
      cell.kind = CellKind::number;
      cell.value = value_;
    }
    row_.cells.push_back(std::move(cell));
  }

  XlsxWorkbook& book_;
  const SheetInfo& sheet_;
  const std::function<bool(const XlsxRow&)>& each_;
  XlsxRow row_;
  std::int64_t column_ = 0;
  std::string type_;  // the cell's `t`, copied: attribute text lives only during the callback
  std::uint64_t style_ = 0;
  std::string value_;
  bool in_cell_ = false, collecting_ = false, has_value_ = false;
  int phonetic_ = 0;
};

}  // namespace

void read_sheet(XlsxWorkbook& book, const SheetInfo& sheet, const std::function<bool(const XlsxRow&)>& row) {
  SheetHandler handler(book, sheet, row);
  XmlStream xml(handler, book.zip().name() + " (sheet '" + sheet.name + "', part " + sheet.part + ")");
  handler.stream = &xml;
  bool go = true;
  book.zip().read(sheet.part, [&](std::string_view chunk) { return go = xml.feed(chunk); });
  if (go) xml.finish();
}

}  // namespace usersync
