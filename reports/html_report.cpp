#include "html_report.h"

#include <cstdio>

#include "html_report_assets.h"
#include "html_report_sections.h"
#include "html_text.h"
#include "model/errors.h"
#include "model/json_writer.h"
#include "spool.h"

namespace usersync {

namespace {
/// Bytes collected before a write: a report of 100,000 users is tens of megabytes.
constexpr std::size_t kChunk = 1 << 20;

/// report.html being written; every failure names the file.
class PageFile {
 public:
  explicit PageFile(std::filesystem::path path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) fail();
  }
  ~PageFile() {
    if (file_) std::fclose(file_);
  }
  PageFile(const PageFile&) = delete;
  PageFile& operator=(const PageFile&) = delete;

  void write(std::string& text) {
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) fail();
    text.clear();
  }
  void close() {
    auto* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) fail();
  }

 private:
  [[noreturn]] void fail() { throw Error(ExitCode::internal, path_.string() + ": cannot write the HTML report"); }
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

/// What the script needs besides the users: the orders to list actions and change kinds in, and
/// the changes that did not end as the run's default (failed, skipped or not sent at a target),
/// as [username, kind, attribute or group, outcome].
std::string report_meta(const RunChanges& changes) {
  std::string json;
  JsonWriter w(json);
  w.begin_object().key("actions").strings(all_actions()).key("kinds").begin_array();
  for (auto k : all_change_kinds()) w.value(to_string(k));
  w.end_array().key("outcomes").begin_array();
  if (changes.changes) {
    for (std::size_t i = 0; i < changes.changes->size(); ++i) {
      const auto& outcome = changes.outcome(i);
      if (outcome.empty() || outcome == "applied" || outcome == "planned") continue;
      const auto& c = (*changes.changes)[i];
      w.begin_array().value(c.username).value(to_string(c.kind));
      w.value(!c.group.empty() ? c.group : c.attribute).value(outcome).end_array();
    }
  }
  w.end_array().end_object();
  std::string out;
  script_json(json, out);
  return out;
}

void page_head(const RunSummary& run, std::string& out) {
  std::string title = "usersync run " + std::to_string(run.run_id) + " · " + run.mode + " · " + run.status;
  // The policy is the promise that the page reaches nothing outside itself, whatever it holds.
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n<meta name=\"generator\" "
      "content=\"usersync ";
  html_escape(run.usersync_version, out);
  out += "\">\n<title>";
  html_escape(title, out);
  out += "</title>\n<style>";
  out += html_report_style();
  out += "</style>\n</head>\n<body>\n";
}

void users_panel(const RunSummary& run, std::string& out) {
  out += R"(<section id="users-panel" aria-labelledby="users-panel-h"><h2 id="users-panel-h">Users</h2>
)";
  if (run.users_not_listed) {
    out += "<p class=\"note\" data-users-not-listed=\"" + std::to_string(run.users_not_listed) + "\">";
    html_escape(users_not_listed_note(run.users_not_listed), out);
    out += ".</p>\n";
  }
  out += R"(<div class="controls" role="search">
<label class="field grow"><span>Search</span><input type="search" id="search" autocomplete="off" spellcheck="false" placeholder="Username, name, email or any attribute value"></label>
<label class="field"><span>Action</span><select id="action-filter"></select></label>
<label class="field"><span>Reason</span><select id="reason-filter"><option value="">all reasons</option></select></label>
</div>
<div class="status-line"><p id="count" role="status" aria-live="polite">Loading the users…</p><p id="elsewhere"></p></div>
<div class="table-scroll"><table class="grid users" id="user-table"><caption class="vh">Users and what the run does to them. Choose a username for the details.</caption>
<thead><tr><th scope="col">User</th><th scope="col">Action</th><th scope="col">Reasons</th><th scope="col">What changes</th></tr></thead>
<tbody></tbody></table></div>
<nav class="pager" aria-label="Pages of users"><button type="button" id="page-first">« First</button><button type="button" id="page-prev">‹ Previous</button><span id="page-info"></span><button type="button" id="page-next">Next ›</button><button type="button" id="page-last">Last »</button></nav>
<noscript><p class="empty">The user table needs JavaScript. The same results are in users.jsonl beside this file.</p></noscript>
</section>
)";
}

void page_foot(const RunSummary& run, std::string& out) {
  out += "</main>\n<footer class=\"wrap\">Written by usersync ";
  html_escape(run.usersync_version, out);
  out += " for run " + std::to_string(run.run_id) + " (";
  html_escape(run.now, out);
  out += R"(). The same results are in summary.json and users.jsonl beside this file.</footer>
<dialog id="detail" aria-labelledby="detail-title">
<div class="detail-bar"><span id="detail-pos"></span><button type="button" id="detail-prev">‹ Previous</button><button type="button" id="detail-next">Next ›</button><button type="button" id="detail-close">Close <span aria-hidden="true">✕</span></button></div>
<div id="detail-body"></div>
</dialog>
)";
}

class HtmlReportSink : public ReportSink {
 public:
  explicit HtmlReportSink(std::filesystem::path folder) : folder_(std::move(folder)) {}

  void begin(const RunSummary&) override { open_spool(); }

  void user(const UserResult&, std::string_view line) override {
    open_spool();
    spool_->write({line});
  }

  void end(const RunSummary& run, const RunChanges& changes) override {
    open_spool();
    PageFile page(folder_ / "report.html");
    std::string out;
    out.reserve(kChunk + 64 * 1024);
    page_head(run, out);
    html_header(run, out);
    html_contents(out);
    out += "<main class=\"wrap\">\n";
    html_summary(run, out);
    html_guards(run, out);
    html_held_back(run, out);
    html_conflicts(run, out);
    html_sources(run, out);
    users_panel(run, out);
    page_foot(run, out);
    out += "<script type=\"application/json\" id=\"report-meta\">" + report_meta(changes) + "</script>\n";
    out += "<script type=\"application/json\" id=\"users\">[";
    bool first = true;
    spool_->for_each([&](const std::vector<std::string>& fields) {
      out += first ? "\n" : ",\n";
      first = false;
      if (!fields.empty()) script_json(fields[0], out);
      if (out.size() >= kChunk) page.write(out);
    });
    out += "\n]</script>\n<script>";
    out += html_report_script();
    out += "</script>\n</body>\n</html>\n";
    page.write(out);
    page.close();
    spool_.reset();
    written_ = true;
  }

  std::vector<std::string> files() const override {
    if (!written_) return {};
    return {"report.html"};
  }

 private:
  void open_spool() {
    // Kept in the report folder so that it goes wherever the report goes, and removed with it.
    if (!spool_) spool_ = std::make_unique<Spool>(folder_ / ".report.html.spool");
  }

  std::filesystem::path folder_;
  std::unique_ptr<Spool> spool_;
  bool written_ = false;
};
}  // namespace

std::unique_ptr<ReportSink> make_html_report_sink(const std::filesystem::path& folder) {
  return std::make_unique<HtmlReportSink>(folder);
}

}  // namespace usersync
