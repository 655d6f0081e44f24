#include "config_sections.h"

#include "model/text.h"
#include "table_reader.h"

namespace usersync {

void read_rules(const toml::table& root, Config& cfg) {
  if (const toml::node* rules = root.get("rule")) {
    if (!rules->is_array_of_tables())
      throw ConfigError(SourceLocation{cfg.file, static_cast<std::int64_t>(rules->source().begin.line), 0, ""},
                        "'rule' must be a list of [[rule]] tables");
    for (const auto& node : *rules->as_array()) {
      TableReader r(*node.as_table(), cfg.file, "[[rule]]");
      r.allow({"attribute", "match", "replace", "ignore_case", "global", "when"});
      TransformSpec t;
      t.attribute = r.required_string("attribute");
      t.match = r.required_string("match");
      t.replace = r.string("replace");
      t.case_insensitive = r.boolean("ignore_case").value_or(false);
      t.global = r.boolean("global").value_or(false);
      t.when = r.condition("when");
      t.where = r.where();
      cfg.rules.push_back(std::move(t));
    }
  }
  TableReader top(root, cfg.file, "the top level");
  if (const toml::table* nm = top.table("no_match")) {
    TableReader r(*nm, cfg.file, "[no_match]");
    for (auto&& [k, v] : *nm) {
      auto policy = v.is_string() ? no_match_from(v.as_string()->get()) : std::nullopt;
      if (!policy)
        throw ConfigError(r.where(v),
                          "[no_match] " + std::string(k.str()) + " must be one of: keep, clear, ignore, skip_user");
      if (k.str() == attr::username && *policy == NoMatch::ignore)
        throw ConfigError(r.where(v), "the username cannot be ignored; use keep, clear or skip_user");
      cfg.no_match[std::string(k.str())] = *policy;
    }
  }
  Transforms check(cfg.rules, cfg.no_match);  // compile every pattern now, to report errors at the config
}

namespace {

void read_groups(const TableReader& top, Config& cfg) {
  auto& g = cfg.reconcile.groups;
  const toml::table* t = top.table("groups");
  if (!t) return;
  TableReader r(*t, cfg.file, "[groups]");
  r.allow({"include", "exclude", "adopt", "prefix", "rename"});
  g.include = r.matchers("include");
  g.exclude = r.matchers("exclude");
  g.adopt = r.matchers("adopt");
  g.prefix = r.string("prefix").value_or("");
  if (const toml::node* rn = t->get("rename")) {
    if (!rn->is_array_of_tables())
      throw ConfigError(r.where(*rn), "'rename' in [groups] must be a list of [[groups.rename]] tables");
    for (const auto& node : *rn->as_array()) {
      TableReader rr(*node.as_table(), cfg.file, "[[groups.rename]]");
      rr.allow({"match", "replace", "ignore_case"});
      try {
        g.renames.push_back(
            {std::make_shared<Regex>(rr.required_string("match"), rr.boolean("ignore_case").value_or(false)),
             rr.string("replace").value_or("")});
      } catch (const std::invalid_argument& e) {
        throw ConfigError(rr.where(), std::string("[[groups.rename]]: ") + e.what());
      }
    }
  }
}

void read_missing(const TableReader& policies, Config& cfg) {
  const toml::table* t = policies.table("missing");
  if (!t) return;
  TableReader r(*t, cfg.file, "[policies.missing]");
  r.allow({"action", "grace_days", "delete_after_days", "delete_action", "strip_memberships"});
  auto& m = cfg.reconcile.missing;
  m.action = r.one_of("action", {"deactivate", "delete", "anonymize", "keep"}, "deactivate");
  m.grace_days = static_cast<int>(r.integer("grace_days").value_or(0));
  if (auto d = r.integer("delete_after_days")) m.delete_after_days = static_cast<int>(*d);
  m.delete_action = r.one_of("delete_action", {"delete", "anonymize"}, "delete");
  m.strip_memberships = r.boolean("strip_memberships").value_or(false);
}

void read_inactivity(const TableReader& policies, Config& cfg) {
  const toml::table* t = policies.table("inactivity");
  if (!t) return;
  TableReader r(*t, cfg.file, "[policies.inactivity]");
  r.allow({"after_days", "never_logged_in_days", "exempt_users", "exempt_groups"});
  auto& in = cfg.reconcile.inactivity;
  if (auto d = r.integer("after_days")) in.after_days = static_cast<int>(*d);
  if (auto d = r.integer("never_logged_in_days")) in.never_logged_in_days = static_cast<int>(*d);
  in.exempt_users = r.matchers("exempt_users");
  in.exempt_groups = r.matchers("exempt_groups");
}

}  // namespace

void read_policies(const toml::table& root, Config& cfg) {
  TableReader top(root, cfg.file, "the top level");
  read_groups(top, cfg);
  if (const toml::table* t = top.table("filters")) {
    TableReader r(*t, cfg.file, "[filters]");
    r.allow({"required_groups"});
    cfg.reconcile.required_groups = r.matchers("required_groups");
  }
  if (const toml::table* t = top.table("protect")) {
    TableReader r(*t, cfg.file, "[protect]");
    r.allow({"users", "groups"});
    cfg.reconcile.protected_users = r.matchers("users");
    cfg.reconcile.protected_groups = r.matchers("groups");
  }
  if (const toml::table* t = top.table("policies")) {
    TableReader r(*t, cfg.file, "[policies]");
    r.allow({"missing", "inactivity", "reactivation"});
    read_missing(r, cfg);
    read_inactivity(r, cfg);
    if (const toml::table* re = r.table("reactivation")) {
      TableReader rr(*re, cfg.file, "[policies.reactivation]");
      rr.allow({"enabled"});
      cfg.reconcile.reactivate = rr.boolean("enabled").value_or(true);
    }
  }
  if (const toml::table* t = top.table("guards")) {
    TableReader r(*t, cfg.file, "[guards]");
    r.allow({"max_deprovision", "max_deprovision_share", "min_directory_for_share", "max_source_shrink"});
    auto& g = cfg.guards;
    g.max_deprovision = r.integer("max_deprovision").value_or(g.max_deprovision);
    g.max_deprovision_share = r.number("max_deprovision_share", 0, 1).value_or(g.max_deprovision_share);
    g.min_directory_for_share = r.integer("min_directory_for_share").value_or(g.min_directory_for_share);
    g.max_source_shrink = r.number("max_source_shrink", 0, 1).value_or(g.max_source_shrink);
  }
  if (const toml::table* t = top.table("switches")) {
    TableReader r(*t, cfg.file, "[switches]");
    r.allow({"create", "update", "deactivate", "delete"});
    auto& s = cfg.reconcile.switches;
    s.create = r.boolean("create").value_or(true);
    s.update = r.boolean("update").value_or(true);
    s.deactivate = r.boolean("deactivate").value_or(true);
    s.remove = r.boolean("delete").value_or(true);
  }
}

}  // namespace usersync
