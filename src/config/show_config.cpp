#include "show_config.h"

#include <toml++/toml.h>

#include <sstream>

#include "model/text.h"

namespace usersync {

namespace {

class Printer {
 public:
  Printer(const Config& cfg) : cfg_(cfg), root_(toml::parse_file(cfg.file)) {}

  /// One setting: `path` is its TOML path, used to find where the file sets it.
  void line(const std::string& name, const std::string& value, const std::string& path,
            const std::string& fallback = "default") {
    std::string text = name + " = " + value;
    out_ << text << std::string(text.size() < 56 ? 56 - text.size() : 1, ' ') << "# " << origin(path, fallback) << "\n";
  }
  void heading(const std::string& h) { out_ << "\n" << h << "\n"; }
  std::string str() const { return out_.str(); }

 private:
  std::string origin(const std::string& path, const std::string& fallback) const {
    auto node = toml::at_path(root_, path);
    if (!node) return fallback;
    return cfg_.file + ":" + std::to_string(node.node()->source().begin.line);
  }
  const Config& cfg_;
  toml::table root_;
  std::ostringstream out_;
};

std::string q(const std::string& s) { return "\"" + s + "\""; }
std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + q(items[i]);
  return out + "]";
}
std::string matchers(const std::vector<NameMatcher>& m) {
  std::vector<std::string> specs;
  for (const auto& x : m) specs.push_back(x.spec());
  return list(specs);
}
std::string delimiter(const std::optional<char>& d) {
  if (!d) return "(detected per file)";
  return *d == '\t' ? q("tab") : q(std::string(1, *d));
}
std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
std::string optional_days(const std::optional<int>& d) { return d ? std::to_string(*d) : "(off)"; }

}  // namespace

std::string show_config(const Config& cfg) {
  Printer p(cfg);
  p.line("database", q(cfg.database), "database");
  p.line("report_dir", cfg.report_dir.empty() ? "(reports/ beside the database)" : q(cfg.report_dir), "report_dir");
  p.line("report_formats", list(cfg.report_formats), "report_formats");
  p.heading("[run]");
  p.line("strict", cfg.strict ? "true" : "false", "run.strict");
  p.heading("[target]");
  p.line("type", q(cfg.target.type), "target.type");
  if (cfg.target.remote()) {
    const auto& t = cfg.target.scim;
    p.line("url", q(t.url), "target.url");
    // Where the token comes from, never the token.
    if (!t.token_env.empty()) p.line("token_env", q(t.token_env), "target.token_env");
    if (!t.token_file.empty()) p.line("token_file", q(t.token_file), "target.token_file");
    p.line("ca_file", t.ca_file.empty() ? "(the system's CAs)" : q(t.ca_file), "target.ca_file");
    p.line("timeout", number(t.timeout_seconds), "target.timeout");
    p.line("rate_limit", t.rate_limit > 0 ? number(t.rate_limit) : "(none)", "target.rate_limit");
    p.line("retries", std::to_string(t.max_attempts - 1), "target.retries");
    p.line("page_size", std::to_string(t.page_size), "target.page_size");
  }

  p.heading("[directory]");
  p.line("path", cfg.directory.path.empty() ? "(none)" : q(cfg.directory.path), "directory.path");
  const std::string directory_preset = cfg.directory.preset.empty() ? "default" : "preset " + cfg.directory.preset;
  if (!cfg.directory.preset.empty()) p.line("preset", q(cfg.directory.preset), "directory.preset");
  p.line("format", q(cfg.directory.format), "directory.format", directory_preset);
  p.line("match_on", list(cfg.directory.match_on), "directory.match_on");
  p.line("attributes", list(cfg.directory.attributes), "directory.attributes");
  if (cfg.directory.format == "csv") {
    p.line("delimiter", delimiter(cfg.directory.delimiter), "directory.delimiter");
    p.line("encoding", q(cfg.directory.encoding), "directory.encoding");
    p.line("lenient_quotes", cfg.directory.lenient_quotes ? "true" : "false", "directory.lenient_quotes");
  }
  for (const auto& [name, values] : cfg.directory.options) p.line(name, list(values), "directory." + name);
  p.line("group_separator", q(cfg.directory.group_separator), "directory.group_separator", directory_preset);
  if (!cfg.directory.mapped())
    p.line("mapping", "(usersync's own columns; any other is an attribute)", "directory.mapping");
  for (const auto& e : cfg.directory.mapping)
    p.line("mapping." + e.target, q(e.text), "directory.mapping." + e.target, directory_preset);
  for (std::size_t i = 0; i < cfg.sources.size(); ++i) {
    const auto& s = cfg.sources[i];
    const std::string at = "source[" + std::to_string(i) + "].";
    const std::string preset = s.preset.empty() ? "default" : "preset " + s.preset;
    p.heading("[[source]]  # " + s.spec.name);
    p.line("name", q(s.spec.name), at + "name");
    if (!s.preset.empty()) p.line("preset", q(s.preset), at + "preset");
    p.line("format", q(s.spec.format), at + "format", preset);
    p.line("path", q(s.spec.path), at + "path");
    p.line("priority", std::to_string(s.priority), at + "priority");
    p.line("role", s.retiring ? "\"retiring\"" : "\"active\"", at + "role");
    if (s.attribute_priority)
      for (const auto& [attribute, priority] : *s.attribute_priority)
        p.line("attribute_priority." + attribute, std::to_string(priority), at + "attribute_priority." + attribute);
    if (!s.crosswalk.empty()) p.line("crosswalk", q(s.crosswalk), at + "crosswalk");
    p.line("key", q(s.key), at + "key", "derived from match_on");
    if (s.spec.format == "csv") {
      p.line("delimiter", delimiter(s.spec.delimiter), at + "delimiter");
      p.line("encoding", q(s.spec.encoding), at + "encoding");
      p.line("lenient_quotes", s.spec.lenient_quotes ? "true" : "false", at + "lenient_quotes");
    }
    for (const auto& [name, values] : s.spec.options) p.line(name, list(values), at + name);
    p.line("group_separator", q(s.mapping_options.group_separator), at + "group_separator", preset);
    for (const auto& e : s.mapping)
      p.line("mapping." + e.target, q(e.text) + (e.when ? " (when …)" : ""), at + "mapping." + e.target, preset);
  }
  if (!cfg.rules.empty()) {
    p.heading("# regex rules, in order");
    for (std::size_t i = 0; i < cfg.rules.size(); ++i) {
      const auto& r = cfg.rules[i];
      p.line("rule[" + std::to_string(i) + "]",
             r.attribute + " ~ /" + r.match + "/" + (r.replace ? " -> " + q(*r.replace) : ""),
             "rule[" + std::to_string(i) + "]");
    }
  }
  const auto& o = cfg.reconcile;
  p.heading("[groups]");
  p.line("include", o.groups.include.empty() ? "(every group a source names)" : matchers(o.groups.include),
         "groups.include");
  p.line("exclude", matchers(o.groups.exclude), "groups.exclude");
  p.line("adopt", matchers(o.groups.adopt), "groups.adopt");
  p.line("prefix", q(o.groups.prefix), "groups.prefix");
  p.line("rename", std::to_string(o.groups.renames.size()) + " rule(s)", "groups.rename");
  p.heading("[filters] / [protect]");
  p.line("required_groups", matchers(o.required_groups), "filters.required_groups");
  p.line("protect.users", matchers(o.protected_users), "protect.users");
  p.line("protect.groups", matchers(o.protected_groups), "protect.groups");
  p.heading("[policies]");
  p.line("missing.action", q(o.missing.action), "policies.missing.action");
  p.line("missing.grace_days", std::to_string(o.missing.grace_days), "policies.missing.grace_days");
  p.line("missing.delete_after_days", optional_days(o.missing.delete_after_days), "policies.missing.delete_after_days");
  p.line("missing.delete_action", q(o.missing.delete_action), "policies.missing.delete_action");
  p.line("missing.strip_memberships", o.missing.strip_memberships ? "true" : "false",
         "policies.missing.strip_memberships");
  p.line("inactivity.after_days", optional_days(o.inactivity.after_days), "policies.inactivity.after_days");
  p.line("inactivity.never_logged_in_days", optional_days(o.inactivity.never_logged_in_days),
         "policies.inactivity.never_logged_in_days");
  p.line("reactivation.enabled", o.reactivate ? "true" : "false", "policies.reactivation.enabled");
  p.heading("[guards]");
  p.line("max_deprovision", std::to_string(cfg.guards.max_deprovision), "guards.max_deprovision");
  p.line("max_deprovision_share", number(cfg.guards.max_deprovision_share), "guards.max_deprovision_share");
  p.line("min_directory_for_share", std::to_string(cfg.guards.min_directory_for_share),
         "guards.min_directory_for_share");
  p.line("max_source_shrink", number(cfg.guards.max_source_shrink), "guards.max_source_shrink");
  p.heading("[switches]");
  p.line("create", o.switches.create ? "true" : "false", "switches.create");
  p.line("update", o.switches.update ? "true" : "false", "switches.update");
  p.line("deactivate", o.switches.deactivate ? "true" : "false", "switches.deactivate");
  p.line("delete", o.switches.remove ? "true" : "false", "switches.delete");
  return p.str();
}

}  // namespace usersync
