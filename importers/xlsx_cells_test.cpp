#include "importers/xlsx_cells.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("a number format is a date, a time or an identifier by its code, else by its built-in id") {
  CHECK(classify_number_format(14, "").date);
  CHECK_FALSE(classify_number_format(14, "").time);
  CHECK(classify_number_format(22, "").date);
  CHECK(classify_number_format(22, "").time);
  CHECK(classify_number_format(20, "").time);
  CHECK_FALSE(classify_number_format(0, "").date);
  CHECK_FALSE(classify_number_format(49, "").date);  // @, text
  // SheetJS declares its own formats from id 56 up: the code decides, not the built-in table.
  CHECK_FALSE(classify_number_format(56, "0.00").date);
  CHECK(classify_number_format(60, "yyyy-mm-dd").date);
  // LibreOffice escapes separators and declares even General.
  CHECK(classify_number_format(167, "yyyy\\-mm\\-dd").date);
  CHECK_FALSE(classify_number_format(167, "yyyy\\-mm\\-dd").time);
  CHECK(classify_number_format(168, "yyyy\\-mm\\-dd\\ hh:mm:ss").time);
  CHECK_FALSE(classify_number_format(164, "General").date);
  CHECK_FALSE(classify_number_format(166, "\"TRUE\";\"TRUE\";\"FALSE\"").date);
  // m is a month unless it follows hours or comes before seconds.
  auto hm = classify_number_format(165, "h:mm");
  CHECK(hm.time);
  CHECK_FALSE(hm.date);
  auto ms = classify_number_format(165, "mm:ss");
  CHECK(ms.time);
  CHECK_FALSE(ms.date);
  CHECK(classify_number_format(165, "[$-409]mmmm d, yyyy;@").date);
  CHECK(classify_number_format(165, "[h]:mm").time);
  CHECK(classify_number_format(165, "[h]:mm").elapsed);
  CHECK_FALSE(classify_number_format(165, "[h]:mm").date);
  CHECK_FALSE(classify_number_format(165, "[Magenta]0.00").time);
  auto ampm = classify_number_format(165, "h:mm AM/PM");
  CHECK(ampm.time);
  CHECK_FALSE(ampm.date);
  CHECK_FALSE(classify_number_format(165, "h:mm a/p").date);
  CHECK(classify_number_format(165, "m/d/yyyy h:mm AM/PM").date);
  CHECK_FALSE(classify_number_format(165, "[Red]0.00").date);
  CHECK_FALSE(classify_number_format(165, "0.00E+00").date);
  CHECK_FALSE(classify_number_format(165, "\"day \"0").date);
  CHECK(classify_number_format(170, "000000").zero_pad == 6);
  CHECK(classify_number_format(170, "0").zero_pad == 0);
  CHECK(classify_number_format(170, "0.00").zero_pad == 0);
}

TEST_CASE("numbers read as a spreadsheet shows them: integers exactly, no exponent, 15 digits") {
  CHECK(format_number(1234567890123456.0) == "1234567890123456");
  CHECK(format_number(42) == "42");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(3.5) == "3.5");
  CHECK(format_number(0.1 + 0.2) == "0.3");
  CHECK(format_number(1e20) == "100000000000000000000");
  CHECK(format_number(0.000001) == "0.000001");
  CHECK(format_number(-12.25) == "-12.25");
}

TEST_CASE("date serials become ISO 8601 in both date systems") {
  NumberFormat date{true, false, 0}, datetime{true, true, 0}, time{false, true, 0};
  CHECK(format_date(45322, false, date) == "2024-01-31");
  CHECK(format_date(43525, false, date) == "2019-03-01");
  CHECK(format_date(1, false, date) == "1900-01-01");
  CHECK(format_date(59, false, date) == "1900-02-28");
  CHECK(format_date(61, false, date) == "1900-03-01");
  CHECK(format_date(46356.34375, false, datetime) == "2026-11-30T08:15:00");
  // LibreOffice writes 15 digits: 23:59:59 is stored a hair short and rounds back to the second.
  CHECK(format_date(46355.9999884259, false, datetime) == "2026-11-29T23:59:59");
  CHECK(format_date(0.5, false, time) == "12:00:00");
  CHECK(format_date(1.5, false, NumberFormat{false, true, true, 0}) == "36:00:00");
  CHECK(format_date(35555, true, date) == "2001-05-06");
  CHECK(format_date(1.5, true, datetime) == "1904-01-02T12:00:00");
  CHECK(format_date(0, true, date) == "1904-01-01");
  CHECK_FALSE(format_date(-1, false, date));
  CHECK_FALSE(format_date(3e6, false, date));
}

TEST_CASE("OOXML escapes are undone, a lone surrogate is left as written") {
  CHECK(unescape_ooxml("a_x000D_b") == "a\rb");
  CHECK(unescape_ooxml("_x005F_x000D_") == "_x000D_");
  CHECK(unescape_ooxml("_x00E9_") == "\xC3\xA9");
  CHECK(unescape_ooxml("_xD800_") == "_xD800_");
  CHECK(unescape_ooxml("_x12_") == "_x12_");
  CHECK(unescape_ooxml("plain_text") == "plain_text");
}

TEST_CASE("cell references") {
  CHECK(parse_cell_ref("B7") == std::pair<std::int64_t, std::int64_t>{2, 7});
  CHECK(parse_cell_ref("AA10") == std::pair<std::int64_t, std::int64_t>{27, 10});
  CHECK(parse_cell_ref("XFD1048576") == std::pair<std::int64_t, std::int64_t>{16384, 1048576});
  CHECK_FALSE(parse_cell_ref("XFE1"));
  CHECK_FALSE(parse_cell_ref("A0"));
  CHECK_FALSE(parse_cell_ref("A1048577"));
  CHECK_FALSE(parse_cell_ref("7"));
  CHECK_FALSE(parse_cell_ref("B"));
  CHECK_FALSE(parse_cell_ref("B7x"));
}
