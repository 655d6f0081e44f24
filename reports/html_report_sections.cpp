#include "html_report_sections.h"

#include <algorithm>

#include "html_text.h"

namespace usersync {

namespace {
/// How many names a conflict shows before the rest fold away.
constexpr std::size_t kNamesShown = 12;

/// The colour family of a run status: the header's badge.
std::string_view status_class(std::string_view status) {
  if (status == "applied" || status == "planned" || status == "no_changes") return "ok";
  if (status == "partial") return "warn";
  if (status == "refused" || status == "failed" || status.starts_with("interrupted")) return "bad";
  return "neutral";
}

void fact(std::string& out, std::string_view term, std::string_view value, bool code = false) {
  out += "<div><dt>";
  out += term;
  out += "</dt><dd>";
  out += code ? "<code>" : "";
  html_escape(value, out);
  out += code ? "</code>" : "";
  out += "</dd></div>";
}

void open_section(std::string& out, std::string_view id, std::string_view title) {
  out += "<section id=\"";
  out += id;
  out += "\" aria-labelledby=\"";
  out += id;
  out += "-h\"><h2 id=\"";
  out += id;
  out += "-h\">";
  out += title;
  out += "</h2>";
}

void empty(std::string& out, std::string_view text) {
  out += "<p class=\"empty\">";
  out += text;
  out += "</p>";
}

/// Usernames as a comma-separated line; a long list shows its first names and folds the rest.
void names(std::string& out, const std::vector<std::string>& list) {
  if (list.empty()) {
    out += "<span class=\"none\">none</span>";
    return;
  }
  out += "<span class=\"n\">" + count_text(static_cast<std::int64_t>(list.size())) +
         (list.size() == 1 ? " user" : " users") + ":</span> ";
  for (std::size_t i = 0; i < list.size() && i < kNamesShown; ++i) {
    if (i) out += ", ";
    html_escape(list[i], out);
  }
  if (list.size() <= kNamesShown) return;
  out += "<details><summary>" + count_text(static_cast<std::int64_t>(list.size() - kNamesShown)) + " more</summary>";
  for (std::size_t i = kNamesShown; i < list.size(); ++i) {
    if (i > kNamesShown) out += ", ";
    html_escape(list[i], out);
  }
  out += "</details>";
}

/// A count table's rows: the known keys in their order, then any others the map holds.
void count_rows(std::string& out, const std::map<std::string, std::int64_t>& counts,
                const std::vector<std::string>& order, std::string_view data_name, std::int64_t& total) {
  auto row = [&](const std::string& key, std::int64_t n) {
    total += n;
    out += n ? "<tr><th scope=\"row\">" : "<tr class=\"zero\"><th scope=\"row\">";
    html_escape(key, out);
    out += "</th><td class=\"num\" data-";
    out += data_name;
    out += "=\"";
    html_escape(key, out);
    out += "\">" + count_text(n) + "</td></tr>";
  };
  for (const auto& key : order) {
    auto it = counts.find(key);
    row(key, it == counts.end() ? 0 : it->second);
  }
  for (const auto& [key, n] : counts)
    if (std::find(order.begin(), order.end(), key) == order.end()) row(key, n);
}
}  // namespace

void html_header(const RunSummary& run, std::string& out) {
  out += "<header class=\"masthead\"><div class=\"wrap\"><p class=\"eyebrow\">usersync run report</p><h1>Run ";
  out += std::to_string(run.run_id);
  out += " <span class=\"status s-";
  out += status_class(run.status);
  out += "\" data-status=\"";
  html_escape(run.status, out);
  out += "\">";
  html_escape(run.status, out);
  out += "</span></h1><dl class=\"facts\">";
  fact(out, "Mode", run.mode);
  out += "<div><dt>Time</dt><dd><time datetime=\"";
  html_escape(run.now, out);
  out += "\">";
  html_escape(run.now, out);
  out += "</time></dd></div>";
  fact(out, "Plan", run.plan_id ? std::to_string(run.plan_id) : "none");
  fact(out, "usersync", run.usersync_version);
  if (!run.target.empty())
    fact(out, "Target", run.target);
  else
    fact(out, "Directory", run.directory_export.empty() ? "embedded" : run.directory_export);
  fact(out, "Directory size",
       count_text(run.directory_users) + " users, " + count_text(run.directory_groups) + " groups");
  fact(
      out, "Options", run.options.empty() ? "none" : [&] {
        std::string all;
        for (const auto& o : run.options) all += (all.empty() ? "" : " ") + o;
        return all;
      }());
  fact(out, "Config", run.config_checksum.empty() ? "unknown" : run.config_checksum, true);
  out += "</dl></div></header>";
}

void html_contents(std::string& out) {
  out +=
      "<nav class=\"contents wrap\" aria-label=\"Sections\"><a href=\"#summary\">Summary</a>"
      "<a href=\"#guards\">Guards</a><a href=\"#held-back\">Held back</a><a href=\"#conflicts\">Conflicts</a>"
      "<a href=\"#sources\">Sources</a><a href=\"#users-panel\">Users</a></nav>";
}

void html_summary(const RunSummary& run, std::string& out) {
  open_section(out, "summary", "Summary");
  out += "<h3>Users by action</h3><ul class=\"tiles\">";
  auto tile = [&](const std::string& action, std::int64_t n) {
    out += "<li class=\"tile a-";
    html_escape(action, out);
    out += n ? "\">" : " zero\">";
    out += "<span class=\"n\" data-action=\"";
    html_escape(action, out);
    out += "\">" + count_text(n) + "</span><span class=\"l\">";
    html_escape(action, out);
    out += "</span></li>";
  };
  for (const auto& a : all_actions()) {
    auto it = run.actions.find(a);
    tile(a, it == run.actions.end() ? 0 : it->second);
  }
  for (const auto& [a, n] : run.actions)
    if (std::find(all_actions().begin(), all_actions().end(), a) == all_actions().end()) tile(a, n);
  out += "</ul>";

  std::vector<std::string> kinds;
  for (auto k : all_change_kinds()) kinds.emplace_back(to_string(k));
  out +=
      "<h3>Changes by kind</h3><div class=\"split\"><table class=\"grid counts\"><caption class=\"vh\">Changes "
      "by kind, in the order the plan applies them</caption><thead><tr><th scope=\"col\">Change</th>"
      "<th scope=\"col\" class=\"num\">Count</th></tr></thead><tbody>";
  std::int64_t total = 0;
  count_rows(out, run.changes, kinds, "change-kind", total);
  out += "</tbody><tfoot><tr><th scope=\"row\">total</th><td class=\"num\" data-change-total>" + count_text(total) +
         "</td></tr></tfoot></table><figure class=\"chart-box\">";
  html_changes_chart(run, out);
  out += "</figure></div>";

  if (!run.outcomes.empty()) {
    out +=
        "<h3>Outcomes at the target</h3><table class=\"grid counts narrow\"><thead><tr><th scope=\"col\">Outcome</th>"
        "<th scope=\"col\" class=\"num\">Changes</th></tr></thead><tbody>";
    std::int64_t sent = 0;
    count_rows(out, run.outcomes, {"applied", "failed", "skipped", "not_sent"}, "outcome", sent);
    out += "</tbody></table>";
  }
  out += "</section>";
}

void html_guards(const RunSummary& run, std::string& out) {
  open_section(out, "guards", "Guards");
  if (run.guards.empty()) {
    empty(out, "No guard figures were recorded for this run.");
    out += "</section>";
    return;
  }
  out +=
      "<p class=\"lead\">Every safety guard's figure, refused or not: how close the run came.</p>"
      "<div class=\"table-scroll\"><table class=\"grid\"><thead><tr><th scope=\"col\">Guard</th>"
      "<th scope=\"col\">Source</th><th scope=\"col\" class=\"num\">Measured</th><th scope=\"col\" "
      "class=\"num\">Allowed</th><th scope=\"col\">Detail</th><th scope=\"col\">State</th></tr></thead><tbody>";
  for (const auto& g : run.guards) {
    std::string_view state = g.overridden ? "overridden" : g.exceeded ? "exceeded" : "ok";
    out += "<tr class=\"guard-";
    out += state;
    out += "\" data-guard=\"";
    html_escape(g.guard, out);
    out += "\"><th scope=\"row\">";
    html_escape(g.guard, out);
    out += "</th><td>";
    html_escape(g.source.empty() ? "—" : g.source, out);
    out += "</td><td class=\"num\">" + figure_text(g.measured) + "</td><td class=\"num\">" + figure_text(g.allowed) +
           "</td><td>";
    html_escape(g.detail, out);
    out += "</td><td><span class=\"pill p-";
    out += state;
    out += "\">";
    out += g.overridden ? "exceeded, overridden" : g.exceeded ? "exceeded" : "within limit";
    out += "</span>";
    if (!g.message.empty()) {
      out += "<div class=\"why\">";
      html_escape(g.message, out);
      out += "</div>";
    }
    out += "</td></tr>";
  }
  out += "</tbody></table></div></section>";
}

void html_held_back(const RunSummary& run, std::string& out) {
  open_section(out, "held-back", "Held back and messages");
  if (run.held_back.empty() && !run.drift && run.messages.empty()) {
    empty(out, "Nothing was held back, and the run left no messages.");
    out += "</section>";
    return;
  }
  out += "<ul class=\"notes\">";
  for (const auto& h : run.held_back) {
    out += "<li class=\"note warn\" data-held-back=\"";
    html_escape(h.kind, out);
    out += "\"><strong>";
    html_escape(h.kind, out);
    out += ": " + count_text(h.count) + "</strong> ";
    html_escape(h.message, out);
    if (!h.examples.empty()) {
      out += "<ul class=\"examples\">";
      for (const auto& e : h.examples) {
        out += "<li><code>";
        html_escape(e, out);
        out += "</code></li>";
      }
      out += "</ul>";
    }
    out += "</li>";
  }
  if (run.drift) {
    out += "<li class=\"note warn\" data-held-back=\"drift\"><strong>drift: " + count_text(run.drift->count) +
           "</strong> ";
    html_escape(drift_message(*run.drift), out);
    if (!run.drift->users.empty()) {
      out += "<div class=\"examples\">";
      names(out, run.drift->users);
      out += "</div>";
    }
    out += "</li>";
  }
  for (const auto& m : run.messages) {
    out += "<li class=\"note\">";
    html_escape(m, out);
    out += "</li>";
  }
  out += "</ul></section>";
}

void html_conflicts(const RunSummary& run, std::string& out) {
  open_section(out, "conflicts", "Group conflicts");
  if (run.conflicts.empty()) {
    empty(out, "No group conflicts: every source group maps to a group usersync may manage.");
    out += "</section>";
    return;
  }
  out +=
      "<p class=\"lead\">Source groups that would take over a directory group usersync did not create. They "
      "are not synced until an admin accepts them (usersync conflicts).</p><div class=\"table-scroll\">"
      "<table class=\"grid\"><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Would add</th>"
      "<th scope=\"col\">Would remove</th></tr></thead><tbody>";
  for (const auto& c : run.conflicts) {
    out += "<tr data-conflict=\"";
    html_escape(c.group, out);
    out += "\"><th scope=\"row\">";
    html_escape(c.group, out);
    out += "</th><td>";
    names(out, c.would_add);
    out += "</td><td>";
    names(out, c.would_remove);
    out += "</td></tr>";
  }
  out += "</tbody></table></div></section>";
}

void html_sources(const RunSummary& run, std::string& out) {
  open_section(out, "sources", "Sources read");
  if (run.sources.empty()) {
    empty(out, "No source was read.");
  } else {
    out +=
        "<div class=\"table-scroll\"><table class=\"grid\"><thead><tr><th scope=\"col\">Source</th>"
        "<th scope=\"col\">Format</th><th scope=\"col\">Path</th><th scope=\"col\" class=\"num\">Records</th>"
        "<th scope=\"col\">Checksum</th><th scope=\"col\">Notes</th></tr></thead><tbody>";
    for (const auto& s : run.sources) {
      out += "<tr data-source=\"";
      html_escape(s.name, out);
      out += "\"><th scope=\"row\">";
      html_escape(s.name, out);
      out += "</th><td>";
      html_escape(s.format, out);
      out += "</td><td><code>";
      html_escape(s.path, out);
      out += "</code></td><td class=\"num\">" + count_text(s.records) + "</td><td><code class=\"hash\">";
      html_escape(s.checksum, out);
      out += "</code></td><td>";
      std::vector<std::string> notes;
      if (!s.encoding.empty()) notes.push_back(s.encoding);
      if (!s.delimiter.empty()) notes.push_back(s.delimiter);
      if (s.dump) {
        notes.push_back(count_text(s.files) + (s.files == 1 ? " file" : " files"));
        notes.push_back(count_text(s.groups) + " groups");
        notes.push_back(count_text(s.memberships) + " memberships");
        if (s.ignored_members) notes.push_back(count_text(s.ignored_members) + " members ignored");
      }
      if (s.unchanged) notes.push_back("unchanged since the last import, which was reused");
      for (std::size_t i = 0; i < notes.size(); ++i) {
        if (i) out += ", ";
        html_escape(notes[i], out);
      }
      out += "</td></tr>";
    }
    out += "</tbody></table></div>";
  }
  if (!run.directory_export.empty()) {
    out += "<p class=\"lead\">Directory export <code>";
    html_escape(run.directory_export, out);
    out += "</code>";
    if (!run.directory_checksum.empty()) {
      out += ", checksum <code class=\"hash\">";
      html_escape(run.directory_checksum, out);
      out += "</code>";
    }
    out += ".</p>";
  }
  out += "</section>";
}

}  // namespace usersync
