#include "reports/change_files.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace usersync;

TEST_CASE("a CSV cell is quoted when it must be and can never run as a formula") {
  CHECK(safe_csv_cell("plain") == "plain");
  CHECK(safe_csv_cell("") == "");
  CHECK(safe_csv_cell("a,b") == "\"a,b\"");
  CHECK(safe_csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(safe_csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(safe_csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(safe_csv_cell("+1") == "'+1");
  CHECK(safe_csv_cell("-2") == "'-2");
  CHECK(safe_csv_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(safe_csv_cell("\tcmd") == "'\tcmd");
  CHECK(safe_csv_cell("\rx") == "\"'\rx\"");
  CHECK(safe_csv_cell("a=b") == "a=b");  // only the first character matters
}

TEST_CASE("changes.csv has one row per change, and a created user's attributes after the create") {
  Attributes attrs;
  attrs.set("email", "=cmd@x");
  attrs.set("display_name", "Ann, A.");
  std::vector<Change> changes{
      {ChangeKind::group_create, "", "staff", "", std::nullopt, "staff", {}, {"group_in_source"}},
      {ChangeKind::user_create, "ann", "", "", std::nullopt, std::nullopt, attrs, {"new_in_source"}},
      {ChangeKind::user_update, "bob", "", "title", "Dev", std::nullopt, {}, {"attribute_changed"}},
      {ChangeKind::membership_add, "ann", "staff", "", std::nullopt, std::nullopt, {}, {"group_in_source", "x"}},
      {ChangeKind::user_deactivate, "cy", "", "", "true", "false", {}, {"missing_from_sources"}},
  };
  std::ostringstream out;
  write_changes_csv(out, changes);
  CHECK(out.str() ==
        "user,kind,group,attribute,from,to,reasons\r\n"
        ",group_create,staff,,,staff,group_in_source\r\n"
        "ann,user_create,,,,,new_in_source\r\n"
        "ann,user_create,,display_name,,\"Ann, A.\",new_in_source\r\n"
        "ann,user_create,,email,,'=cmd@x,new_in_source\r\n"
        "bob,user_update,,title,Dev,,attribute_changed\r\n"
        "ann,membership_add,staff,,,,group_in_source;x\r\n"
        "cy,user_deactivate,,,true,false,missing_from_sources\r\n");
}
