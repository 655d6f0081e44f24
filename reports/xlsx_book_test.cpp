// The pure parts of the report workbook writer: xlsx_book.h's cell rules and xlsx_table.h's sheet
// names. Workbooks themselves are tested through the audit workbook (audit_workbook_test.cpp).
#include "reports/xlsx_book.h"

#include <catch2/catch.hpp>

#include "model/text.h"
#include "reports/xlsx_table.h"

using namespace usersync;

TEST_CASE("ISO 8601 UTC dates and date-times become cell dates, nothing else does") {
  auto d = parse_cell_date("2026-01-21T08:22:00Z");
  REQUIRE(d);
  CHECK((d->year == 2026 && d->month == 1 && d->day == 21 && d->hour == 8 && d->minute == 22 && d->second == 0));
  CHECK(d->has_time);
  auto day = parse_cell_date("2020-02-29");
  REQUIRE(day);
  CHECK((day->year == 2020 && day->month == 2 && day->day == 29 && !day->has_time));
  CHECK(parse_cell_date("1900-01-01"));
  CHECK(parse_cell_date("9999-12-31T23:59:59Z"));
  for (const char* no :
       {"", "2026-01-21T08:22:00", "2026-01-21T08:22:00+02:00", "2026-01-21T08:22:00.5Z", "2026-01-21 08:22:00Z",
        "2021-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "1899-12-31", "2026-01-21T24:00:00Z",
        "2026-01-21T08:60:00Z", "2026-1-21", "20260121", "E0000104", "2026-01-2a", "2026-01-21Z"}) {
    INFO(no);
    CHECK(!parse_cell_date(no));
  }
}

TEST_CASE("text that Excel would run as a formula is recognised by its first character") {
  for (const char* yes : {"=1+2", "+49 30 1234", "-5", "@SUM(A1)", "\tx", "\rx"}) CHECK(looks_like_formula(yes));
  for (const char* no : {"", "a=b", " =1", "'=1", "anna@example.com", "1-2"}) CHECK(!looks_like_formula(no));
}

TEST_CASE("cell text is valid UTF-8, keeps OOXML escapes literal and fits Excel's limit") {
  CHECK(cell_text("Zoë Ångström 東京") == "Zoë Ångström 東京");
  CHECK(cell_text("bad \xFF byte \xC3") == "bad \xEF\xBF\xBD byte \xEF\xBF\xBD");
  // `_x0041_` would read back as "A": its underscore is escaped, other underscores are not.
  CHECK(cell_text("_x0041_ and _x00zz_ and a_b") == "_x005F_x0041_ and _x00zz_ and a_b");
  CHECK(cell_text(std::string(32767, 'a')) == std::string(32767, 'a'));
  auto cut = cell_text(std::string(40000, 'a'));
  CHECK(cut == std::string(32766, 'a') + "…");
  // Excel counts UTF-16 units: a character past U+FFFF is two, and is never split.
  std::string emoji;
  for (int i = 0; i < 20000; ++i) emoji += "😀";
  auto cut_emoji = cell_text(emoji);
  CHECK(cut_emoji.size() == 16383 * 4 + 3);
  CHECK(find_invalid_utf8(cut_emoji) == std::string::npos);
}

TEST_CASE("a value's width is what Excel shows of it") {
  CHECK(shown_width(CellType::text, "Zoë") == 3);
  CHECK(shown_width(CellType::text, "short\na longer line") == 13);
  CHECK(shown_width(CellType::value, "2026-01-21T08:22:00Z") == 19);  // shown as 2026-01-21 08:22:00
  CHECK(shown_width(CellType::value, "2026-01-21") == 10);
  CHECK(shown_width(CellType::text, "2026-01-21T08:22:00Z") == 20);
  CHECK(shown_width(CellType::boolean, "true") == 5);  // TRUE, FALSE
  CHECK(shown_width(CellType::value, "false") == 5);
}

TEST_CASE("a table takes as many sheets as its rows need, and says so") {
  CHECK(table_sheets("Changes", 0, 3) == std::vector<std::string>{"Changes"});
  CHECK(table_sheets("Changes", 3, 3) == std::vector<std::string>{"Changes"});
  CHECK(table_sheets("Changes", 7, 3) == std::vector<std::string>{"Changes", "Changes (2)", "Changes (3)"});
  CHECK(overflow_note("Changes", 1048575, 1048575) == "");
  CHECK(overflow_note("Changes", 2300000, 1048575) == "Changes: 2,300,000 rows on Changes, Changes (2), Changes (3)");
  CHECK(with_thousands(0) == "0");
  CHECK(with_thousands(999) == "999");
  CHECK(with_thousands(1000) == "1,000");
  CHECK(with_thousands(-1234567) == "-1,234,567");
}
