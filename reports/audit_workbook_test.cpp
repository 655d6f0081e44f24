#include "reports/audit_workbook.h"

#include <catch2/catch.hpp>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "importers/xlsx_sheet.h"
#include "importers/xlsx_workbook.h"
#include "importers/zip_archive.h"
#include "model/errors.h"
#include "reports/xlsx_book.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {

using Rows = std::vector<std::vector<std::string>>;

/// A sheet as usersync's own XLSX reader sees it: row i is the sheet's row i + 1 (blank rows
/// kept), each cell as text: numbers as Excel's General shows them, booleans TRUE or FALSE,
/// dates in ISO 8601. `types` says what each cell was: s string, n number, b boolean, d date,
/// . none.
struct Sheet {
  Rows rows;
  std::vector<std::string> types;
  std::string xml;  // the sheet's part, for what the reader does not report
};

struct Book {
  std::vector<std::string> names;  // in the workbook's order
  std::map<std::string, Sheet> sheets;
  std::string styles;
  std::string chart;
  std::string core;
};

Book read_book(const std::string& path) {
  ZipArchive zip(path);
  XlsxWorkbook book(zip);
  Book out;
  for (const auto& info : book.sheets()) {
    out.names.push_back(info.name);
    Sheet& s = out.sheets[info.name];
    read_sheet(book, info, [&](const XlsxRow& row) {
      auto r = static_cast<std::size_t>(row.row);
      s.rows.resize(r);
      s.types.resize(r);
      auto& cells = s.rows[r - 1];
      auto& types = s.types[r - 1];
      for (const auto& c : row.cells) {
        auto col = static_cast<std::size_t>(c.column);
        cells.resize(col);
        types.resize(col, '.');
        char type = 's';
        std::string text = c.value;
        if (c.kind == CellKind::boolean) {
          type = 'b';
          text = c.value == "true" ? "TRUE" : "FALSE";
        } else if (c.kind == CellKind::number) {
          double v = 0;
          std::from_chars(c.value.data(), c.value.data() + c.value.size(), v);
          auto format = book.style(c.style);
          if (format.date || format.time) {
            type = 'd';
            text = format_date(v, book.date1904(), format).value_or("?");
          } else {
            type = 'n';
            text = format_number(v);
          }
        }
        cells[col - 1] = text;
        types[col - 1] = type;
      }
      return true;
    });
    s.xml = zip.read_all(info.part);
  }
  out.styles = zip.read_all("xl/styles.xml");
  out.chart = zip.read_all("xl/charts/chart1.xml");
  out.core = zip.read_all("docProps/core.xml");
  return out;
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The `<xf>` of cell style `index` in styles.xml.
std::string cell_xf(const std::string& styles, int index) {
  auto at = styles.find("<cellXfs");
  for (int i = 0; i <= index && at != std::string::npos; ++i) at = styles.find("<xf ", at + 1);
  if (at == std::string::npos) return "";
  return styles.substr(at, styles.find('>', at) - at + 1);
}

/// The style index of cell `ref` in a sheet's XML (0 when it has none).
int style_of(const std::string& xml, const std::string& ref) {
  auto at = xml.find("<c r=\"" + ref + "\"");
  REQUIRE(at != std::string::npos);
  auto end = xml.find('>', at);
  auto s = xml.find(" s=\"", at);
  if (s == std::string::npos || s > end) return 0;
  return std::stoi(xml.substr(s + 4));
}

UserSnapshot snapshot(const std::string& name, std::vector<std::pair<std::string, std::string>> attrs, bool active,
                      std::vector<std::string> groups) {
  UserSnapshot s{name, {}, active, std::move(groups)};
  for (auto& [k, v] : attrs) s.attrs.set(k, v);
  return s;
}

/// A small run with one of everything: a create (with a manual correction and values that look
/// like formulas), a rename with an update and a corrected membership, a deactivation by the
/// missing policy, a user with errors, an unchanged user, a conflict, a created group, and a
/// membership the target refused.
struct Run {
  RunSummary summary;
  std::vector<UserResult> users;
  std::vector<Change> changes;
  RunChanges outcomes;

  Run() {
    auto& s = summary;
    s.run_id = 7;
    s.mode = "sync";
    s.now = "2026-11-22T09:00:00Z";
    s.status = "partial";
    s.plan_id = 5;
    s.usersync_version = "0.1.0";
    s.config_checksum = "sha256:c0ffee";
    s.options = {"--allow-mass-changes"};
    SourceSummary hr{"hr", "csv", "hr.csv", 4, "sha256:aa"};
    SourceSummary okta{"okta", "okta", "okta/", 3, "sha256:bb"};
    okta.dump = true;
    okta.files = 2;
    okta.groups = 4;
    okta.memberships = 9;
    okta.ignored_members = 1;
    s.sources = {hr, okta};
    s.directory_export = "directory.csv";
    s.directory_checksum = "sha256:dd";
    s.directory_users = 5;
    s.directory_groups = 3;
    s.changes = {{"group_create", 1},      {"user_create", 1},     {"user_rename", 1},
                 {"user_update", 1},       {"user_reactivate", 0}, {"membership_add", 3},
                 {"membership_remove", 1}, {"user_deactivate", 1}, {"user_delete", 0}};
    s.actions = {{"create", 1}, {"update", 1},    {"deactivate", 1}, {"reactivate", 0},
                 {"delete", 0}, {"unchanged", 1}, {"skipped", 0},    {"error", 1}};
    s.outcomes = {{"applied", 8}, {"failed", 1}};
    s.guards = {{"empty_source", "hr", 4, 1, "4 records", false, false, ""},
                {"max_deprovision_share", "", 0.2, 0.1, "1 of 5 users", true, true, ""}};
    s.held_back = {{"user_errors", 1, "1 user has errors and was left as it is", {"dora: username taken"}}};
    s.drift = Drift{6, false, 2, {"bert", "carl"}};
    s.messages = {"max_deprovision_share exceeded; --allow-mass-changes let the run go on"};
    s.conflicts = {{"admins", {"carol"}, {"dave", "erin"}}};

    UserResult anna;
    anna.username = "anna";
    anna.action = "create";
    anna.reasons = {"new_in_source", "group_in_source"};
    anna.sources = {{"hr", "E1"}};
    anna.after = snapshot("anna",
                          {{"department", "=cmd|' /C calc'!A0"},
                           {"display_name", "Anna Berg"},
                           {"email", "anna@example.com"},
                           {"phone", "+49 30 1234567"}},
                          true, {"newgroup", "staff"});
    anna.changes = {{"department", std::nullopt, "=cmd|' /C calc'!A0", 12},
                    {"display_name", std::nullopt, "Anna Berg"},
                    {"email", std::nullopt, "anna@example.com"},
                    {"phone", std::nullopt, "+49 30 1234567"}};
    anna.groups_added = {"newgroup", "staff"};

    UserResult bert;
    bert.username = "bert";
    bert.action = "update";
    bert.reasons = {"renamed_in_source", "attribute_changed", "manual_correction"};
    bert.before = snapshot(
        "bertold",
        {{"display_name", "Bert Li"}, {"email", "bertold@example.com"}, {"last_login", "2026-01-21T08:22:00Z"}}, true,
        {"sales"});
    bert.after = snapshot(
        "bert", {{"display_name", "Bert Li"}, {"email", "bert@example.com"}, {"last_login", "2026-01-21T08:22:00Z"}},
        true, {"eng"});
    bert.changes = {{"username", "bertold", "bert"}, {"email", "bertold@example.com", "bert@example.com", 3}};
    bert.groups_added = {"eng"};
    bert.groups_removed = {"sales"};
    bert.group_corrections = {{"eng", 4}};

    UserResult carl;
    carl.username = "carl";
    carl.action = "deactivate";
    carl.reasons = {"missing_from_sources"};
    carl.before = snapshot("carl", {{"display_name", "Carl"}, {"hired", "2020-02-29"}}, true, {"staff"});
    carl.after = snapshot("carl", {{"display_name", "Carl"}, {"hired", "2020-02-29"}}, false, {"staff"});
    carl.changes = {{"active", "true", "false"}};
    carl.policies = {{"missing", "missing_from_sources", {{"grace_days", "0"}}}};

    UserResult dora;
    dora.username = "dora";
    dora.action = "error";
    dora.reasons = {"username_taken"};
    dora.errors = {"username 'dora' already belongs to another user who does not correlate with this record",
                   "-the second error starts like a formula"};

    UserResult emil;
    emil.username = "emil";
    emil.action = "unchanged";
    emil.reasons = {"in_sync"};
    emil.before = emil.after = snapshot("emil", {{"display_name", "Emil"}, {"vip", "true"}}, true, {});

    users = {anna, bert, carl, dora, emil};

    changes = {{ChangeKind::group_create, "", "newgroup", "", std::nullopt, "newgroup"},
               {ChangeKind::user_create, "anna"},
               {ChangeKind::user_rename, "bert", "", "username", "bertold", "bert"},
               {ChangeKind::user_update, "bert", "", "email", "bertold@example.com", "bert@example.com"},
               {ChangeKind::membership_add, "anna", "newgroup"},
               {ChangeKind::membership_add, "anna", "staff"},
               {ChangeKind::membership_add, "bert", "eng"},
               {ChangeKind::membership_remove, "bert", "sales"},
               {ChangeKind::user_deactivate, "carl", "", "", "true", "false"}};
    outcomes.changes = &changes;
    outcomes.default_outcome = "applied";
    outcomes.outcomes = {"", "", "", "", "", "", "failed", "", ""};
  }

  /// Writes audit.xlsx into `folder` and returns its path.
  std::string write(const std::string& folder, std::int64_t rows_per_sheet = max_sheet_rows) const {
    auto sink = make_audit_workbook_sink(folder, rows_per_sheet);
    sink->begin(summary);
    for (const auto& u : users) sink->user(u, "{}");
    CHECK(sink->files().empty());
    sink->end(summary, outcomes);
    CHECK(sink->files() == std::vector<std::string>{"audit.xlsx"});
    return (std::filesystem::path(folder) / "audit.xlsx").string();
  }
};

const Rows kChangeRows = {
    {"user", "kind", "group", "attribute", "from", "to", "reasons", "policy", "correction", "outcome"},
    {"anna", "user_create", "", "department", "", "=cmd|' /C calc'!A0", "new_in_source; group_in_source", "", "12",
     "applied"},
    {"anna", "user_create", "", "display_name", "", "Anna Berg", "new_in_source; group_in_source", "", "", "applied"},
    {"anna", "user_create", "", "email", "", "anna@example.com", "new_in_source; group_in_source", "", "", "applied"},
    {"anna", "user_create", "", "phone", "", "+49 30 1234567", "new_in_source; group_in_source", "", "", "applied"},
    {"anna", "membership_add", "newgroup", "", "", "", "new_in_source; group_in_source", "", "", "applied"},
    {"anna", "membership_add", "staff", "", "", "", "new_in_source; group_in_source", "", "", "applied"},
    {"bert", "user_rename", "", "username", "bertold", "bert",
     "renamed_in_source; attribute_changed; manual_correction", "", "", "applied"},
    {"bert", "user_update", "", "email", "bertold@example.com", "bert@example.com",
     "renamed_in_source; attribute_changed; manual_correction", "", "3", "applied"},
    {"bert", "membership_add", "eng", "", "", "", "renamed_in_source; attribute_changed; manual_correction", "", "4",
     "failed"},
    {"bert", "membership_remove", "sales", "", "", "", "renamed_in_source; attribute_changed; manual_correction", "",
     "", "applied"},
    {"carl", "user_deactivate", "", "active", "TRUE", "FALSE", "missing_from_sources", "missing", "", "applied"},
};

/// Data rows of a table that may continue over several sheets, in sheet order.
Rows data_rows(const Book& book, const std::string& table) {
  Rows rows;
  for (const auto& name : book.names)
    if (name == table || name.rfind(table + " (", 0) == 0) {
      const auto& s = book.sheets.at(name).rows;
      CHECK(s.at(0) == kChangeRows[0]);
      rows.insert(rows.end(), s.begin() + 1, s.end());
    }
  return rows;
}

}  // namespace

TEST_CASE("the audit workbook lists every change of a run with its outcome") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path("")));
  CHECK(book.names == std::vector<std::string>{"Summary", "Changes", "Users", "Groups", "Conflicts", "Errors"});
  const auto& changes = book.sheets.at("Changes");
  CHECK(changes.rows == kChangeRows);
  CHECK(changes.types[1] ==
        "ss.s.ss.ns");  // user, kind, (group), attribute, (from), to, reasons, (policy), 12, outcome
  CHECK(changes.types[11] == "ss.sbbss.s");  // from and to of a deactivation are booleans
  // Nothing but the workbook is left in the report folder: the spool files are gone.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path("")), {}) == 1);
}

TEST_CASE("the audit workbook's Users sheet has a column per attribute, dates as dates, booleans as booleans") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path("")));
  const auto& users = book.sheets.at("Users");
  CHECK(users.rows ==
        Rows{{"username", "action", "active", "reasons", "member of", "department", "display_name", "email", "hired",
              "last_login", "phone", "vip"},
             {"anna", "create", "TRUE", "new_in_source; group_in_source", "newgroup; staff", "=cmd|' /C calc'!A0",
              "Anna Berg", "anna@example.com", "", "", "+49 30 1234567"},
             {"bert", "update", "TRUE", "renamed_in_source; attribute_changed; manual_correction", "eng", "", "Bert Li",
              "bert@example.com", "", "2026-01-21T08:22:00"},
             {"carl", "deactivate", "FALSE", "missing_from_sources", "staff", "", "Carl", "", "2020-02-29"},
             {"dora", "error", "", "username_taken"},
             {"emil", "unchanged", "TRUE", "in_sync", "", "", "Emil", "", "", "", "", "TRUE"}});
  CHECK(users.types[0] == "ssssssssssss");
  CHECK(users.types[2] == "ssbss.ss.d");    // active a boolean, last_login a date-time
  CHECK(users.types[3] == "ssbss.s.d");     // hired a date
  CHECK(users.types[5] == "ssbs..s....b");  // vip "true" a boolean
  // A date-time shows its time, a date only the day.
  CHECK(book.styles.find("formatCode=\"yyyy-mm-dd hh:mm:ss\"") != std::string::npos);
  CHECK(book.styles.find("formatCode=\"yyyy-mm-dd\"") != std::string::npos);
}

TEST_CASE("the audit workbook's Groups, Conflicts and Errors sheets") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path("")));
  CHECK(book.sheets.at("Groups").rows ==
        Rows{{"group", "created", "create outcome", "members added", "members removed"},
             {"eng", "FALSE", "", "1", "0"},
             {"newgroup", "TRUE", "applied", "1", "0"},
             {"sales", "FALSE", "", "0", "1"},
             {"staff", "FALSE", "", "1", "0"}});
  CHECK(book.sheets.at("Groups").types[2] == "sbsnn");
  CHECK(book.sheets.at("Conflicts").rows ==
        Rows{{"group", "would add", "would remove", "affected users"}, {"admins", "carol", "dave; erin", "3"}});
  CHECK(book.sheets.at("Conflicts").types[1] == "sssn");
  CHECK(
      book.sheets.at("Errors").rows ==
      Rows{{"user", "action", "error"},
           {"dora", "error", "username 'dora' already belongs to another user who does not correlate with this record"},
           {"dora", "error", "-the second error starts like a formula"}});
}

TEST_CASE("the audit workbook's Summary sheet holds the run, its sources, guards and counts, and a chart") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path("")));
  const auto& summary = book.sheets.at("Summary");
  CHECK(summary.rows ==
        Rows{{"item", "value"},
             {"run id", "7"},
             {"mode", "sync"},
             {"time (UTC)", "2026-11-22T09:00:00"},
             {"status", "partial"},
             {"plan id", "5"},
             {"usersync version", "0.1.0"},
             {"config checksum", "sha256:c0ffee"},
             {"options", "--allow-mass-changes"},
             {"directory export", "directory.csv"},
             {"directory checksum", "sha256:dd"},
             {"directory users", "5"},
             {"directory groups", "3"},
             {"drift", "2 users differ from what run 6 applied: was its change file carried out?"},
             {"drift users", "bert; carl"},
             {},
             {"Sources"},
             {"source", "format", "path", "records", "checksum", "files", "groups", "memberships", "ignored members"},
             {"hr", "csv", "hr.csv", "4", "sha256:aa"},
             {"okta", "okta", "okta/", "3", "sha256:bb", "2", "4", "9", "1"},
             {},
             {"Guards"},
             {"guard", "source", "measured", "allowed", "detail", "exceeded", "overridden", "message"},
             {"empty_source", "hr", "4", "1", "4 records", "FALSE", "FALSE"},
             {"max_deprovision_share", "", "0.2", "0.1", "1 of 5 users", "TRUE", "TRUE"},
             {},
             {"Held back"},
             {"kind", "count", "message", "examples"},
             {"user_errors", "1", "1 user has errors and was left as it is", "dora: username taken"},
             {},
             {"Messages"},
             {"message"},
             {"max_deprovision_share exceeded; --allow-mass-changes let the run go on"},
             {},
             {"Changes by kind"},
             {"kind", "count"},
             {"group_create", "1"},
             {"user_create", "1"},
             {"user_rename", "1"},
             {"user_update", "1"},
             {"user_reactivate", "0"},
             {"membership_add", "3"},
             {"membership_remove", "1"},
             {"user_deactivate", "1"},
             {"user_delete", "0"},
             {},
             {"Users by action"},
             {"action", "count"},
             {"create", "1"},
             {"update", "1"},
             {"deactivate", "1"},
             {"reactivate", "0"},
             {"delete", "0"},
             {"unchanged", "1"},
             {"skipped", "0"},
             {"error", "1"},
             {},
             {"Outcomes"},
             {"outcome", "count"},
             {"applied", "8"},
             {"failed", "1"}});
  CHECK(summary.types[1] == "sn");
  CHECK(summary.types[3] == "sd");  // a real date-time cell
  CHECK(summary.types[19] == "sssnsnnnn");
  CHECK(summary.types[24] == "s.nnsbb");
  CHECK(summary.types[36] == "sn");
  // The chart draws the change counts from their cells (rows 37 to 45), beside their table.
  // (numRef for the names too: in constant-memory mode libxlsxwriter cannot see they are text;
  // spreadsheets read the cells themselves.)
  CHECK(book.chart.find("<c:barDir val=\"col\"/>") != std::string::npos);
  CHECK(book.chart.find("<c:cat><c:numRef><c:f>Summary!$A$37:$A$45</c:f>") != std::string::npos);
  CHECK(book.chart.find("<c:val><c:numRef><c:f>Summary!$B$37:$B$45</c:f>") != std::string::npos);
  CHECK(book.chart.find("Changes by kind") != std::string::npos);
  // The document is dated by the run's clock, not the machine's.
  CHECK(book.core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-22T09:00:00Z</dcterms:created>") !=
        std::string::npos);
  CHECK(book.core.find("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-11-22T09:00:00Z</dcterms:modified>") !=
        std::string::npos);
}

TEST_CASE("every audit sheet has a bold frozen header, a filter over its rows and widths that fit") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path("")));
  const std::map<std::string, std::string> filters{{"Summary", "A1:B15"}, {"Changes", "A1:J12"},  {"Users", "A1:L6"},
                                                   {"Groups", "A1:E5"},   {"Conflicts", "A1:D2"}, {"Errors", "A1:C3"}};
  for (const auto& name : book.names) {
    INFO(name);
    const auto& s = book.sheets.at(name);
    CHECK(s.xml.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>") !=
          std::string::npos);
    CHECK(s.xml.find("<autoFilter ref=\"" + filters.at(name) + "\"/>") != std::string::npos);
    auto bold = cell_xf(book.styles, style_of(s.xml, "A1"));
    CHECK(bold.find("fontId=\"1\"") != std::string::npos);
    CHECK(s.xml.find("<f>") == std::string::npos);  // never a formula
  }
  CHECK(book.styles.find("<font><b/>") != std::string::npos);
  // Widths from the longest value (or header, with room for the filter's arrow), 8 to 60.
  const auto& changes = book.sheets.at("Changes").xml;
  CHECK(changes.find("<col min=\"1\" max=\"1\" width=\"8.7109375\" customWidth=\"1\"/>") != std::string::npos);
  CHECK(changes.find("<col min=\"7\" max=\"7\" width=\"55.7109375\" customWidth=\"1\"/>") != std::string::npos);
  CHECK(changes.find("<col min=\"9\" max=\"9\" width=\"12.7109375\" customWidth=\"1\"/>") != std::string::npos);
  const auto& errors = book.sheets.at("Errors").xml;
  CHECK(errors.find("<col min=\"3\" max=\"3\" width=\"60.7109375\" customWidth=\"1\"/>") != std::string::npos);
  const auto& users = book.sheets.at("Users").xml;
  CHECK(users.find("<col min=\"10\" max=\"10\" width=\"19.7109375\" customWidth=\"1\"/>") != std::string::npos);
}

TEST_CASE("text that looks like a formula stays text in the audit workbook, even when edited") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path("")));
  // Users F2: "=cmd|...", K2: "+49 ..."; Errors C3: "-the second error"; Changes F2: "=cmd|...".
  for (const auto& [sheet, ref] : std::vector<std::pair<std::string, std::string>>{
           {"Users", "F2"}, {"Users", "K2"}, {"Errors", "C3"}, {"Changes", "F2"}, {"Changes", "F5"}}) {
    INFO(sheet << "!" << ref);
    const auto& xml = book.sheets.at(sheet).xml;
    CHECK(xml.find("<c r=\"" + ref + "\" s=\"") != std::string::npos);
    auto xf = cell_xf(book.styles, style_of(xml, ref));
    CHECK(xf.find("numFmtId=\"49\"") != std::string::npos);  // the Text format, "@"
    CHECK((xf.find("quotePrefix=\"1\"") != std::string::npos) == has_quote_prefix());
  }
  // Ordinary text has no format at all.
  CHECK(style_of(book.sheets.at("Users").xml, "G2") == 0);
  CHECK(book.sheets.at("Users").xml.find("<c r=\"F2\" s=\"") != std::string::npos);
  CHECK(book.sheets.at("Users").xml.find("t=\"inlineStr\"><is><t>=cmd|' /C calc'!A0</t>") != std::string::npos);
}

TEST_CASE("an audit table longer than a sheet continues on the next, and the summary says so") {
  test::TempDir dir;
  Run run;
  auto book = read_book(run.write(dir.path(""), 3));
  CHECK(book.names == std::vector<std::string>{"Summary", "Changes", "Changes (2)", "Changes (3)", "Changes (4)",
                                               "Users", "Users (2)", "Groups", "Groups (2)", "Conflicts", "Errors"});
  CHECK(data_rows(book, "Changes") == Rows(kChangeRows.begin() + 1, kChangeRows.end()));
  CHECK(book.sheets.at("Changes (2)").rows.at(1) == kChangeRows[4]);  // the 4th change heads the 2nd sheet
  CHECK(book.sheets.at("Changes (4)").rows.size() == 3);              // header and the last two
  CHECK(book.sheets.at("Changes (4)").xml.find("<autoFilter ref=\"A1:J3\"/>") != std::string::npos);
  CHECK(book.sheets.at("Users (2)").rows.at(2).at(0) == "emil");
  const auto& summary = book.sheets.at("Summary").rows;
  auto at = std::find(summary.begin(), summary.end(), std::vector<std::string>{"drift users", "bert; carl"});
  REQUIRE(at != summary.end());
  CHECK(*++at == std::vector<std::string>{"overflow",
                                          "Changes: 11 rows on Changes, Changes (2), Changes (3), "
                                          "Changes (4)"});
  CHECK(*++at == std::vector<std::string>{"overflow", "Users: 5 rows on Users, Users (2)"});
  CHECK(*++at == std::vector<std::string>{"overflow", "Groups: 4 rows on Groups, Groups (2)"});
  CHECK(*++at == std::vector<std::string>{});
  // The chart still points at the counts, three rows further down.
  CHECK(book.chart.find("<c:f>Summary!$A$40:$A$48</c:f>") != std::string::npos);
}

TEST_CASE("the same run gives an audit workbook of the same bytes, whatever the clock says") {
  test::TempDir a, b;
  Run run;
  auto first = run.write(a.path(""));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  auto second = run.write(b.path(""));
  CHECK(bytes_of(first) == bytes_of(second));
  CHECK(bytes_of(first).size() > 1000);
}

TEST_CASE("a run that carried out no plan lists its changes as not applied") {
  test::TempDir dir;
  Run run;
  run.outcomes = RunChanges{};  // refused or failed: no plan was carried out
  run.summary.status = "refused";
  auto book = read_book(run.write(dir.path("")));
  for (const auto& row : data_rows(book, "Changes")) CHECK(row.at(9) == "not applied");
  // Without the plan, no group is known to be created.
  CHECK(book.sheets.at("Groups").rows.at(2) == std::vector<std::string>{"newgroup", "FALSE", "", "1", "0"});
}

TEST_CASE("an audit workbook that cannot be written is an error naming the file") {
  test::TempDir dir;
  auto folder = dir.path("staging");
  std::filesystem::create_directories(folder);
  Run run;
  auto sink = make_audit_workbook_sink(folder);
  sink->begin(run.summary);
  for (const auto& u : run.users) sink->user(u, "{}");
  std::filesystem::remove_all(folder);  // the staging folder vanished
  auto path = (std::filesystem::path(folder) / "audit.xlsx").string();
  try {
    sink->end(run.summary, run.outcomes);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::internal);
    CHECK(std::string(e.what()) == path + ": cannot write the audit workbook: No such file or directory");
  }
  CHECK(sink->files().empty());
  CHECK(!std::filesystem::exists(folder));
}

TEST_CASE("the audit workbook's Summary sheet says how many users it counts but does not list") {
  test::TempDir dir;
  Run run;
  run.summary.users_not_listed = 1200;
  auto book = read_book(run.write(dir.path("")));
  const auto& rows = book.sheets.at("Summary").rows;
  auto it = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return !r.empty() && r[0] == "users not listed"; });
  REQUIRE(it != rows.end());
  CHECK((*it)[1] ==
        "1200 users simply in sync (unchanged, in_sync) are in the counts but not listed: history keeps their counts, "
        "not their lines");
  // A run's own workbook lists everyone and has no such row (the Summary test above).
}
