#include "user_results.h"

#include "model/json_writer.h"

namespace usersync {

namespace {
void opt(JsonWriter& w, const std::optional<std::string>& v) {
  if (v)
    w.value(*v);
  else
    w.null();
}

void snapshot(JsonWriter& w, const std::optional<UserSnapshot>& s) {
  if (!s) {
    w.null();
    return;
  }
  w.begin_object().key("username").value(s->username);
  for (const auto& [k, v] : s->attrs.entries()) w.key(k).value(v);
  w.key("active").value(s->active).end_object();
}
}  // namespace

std::string user_result_line(const UserResult& r) {
  // Written with a streaming writer: this runs once per user per run.
  std::string out;
  out.reserve(1024);
  JsonWriter w(out);
  w.begin_object();
  w.key("username").value(r.username);
  w.key("action").value(r.action);
  w.key("reasons").strings(r.reasons);
  w.key("sources").begin_object();
  for (const auto& [name, id] : r.sources) w.key(name).value(id);
  w.end_object();
  w.key("before");
  snapshot(w, r.before);
  w.key("after");
  snapshot(w, r.after_state());
  w.key("changes").begin_array();
  for (const auto& c : r.changes) {
    w.begin_object().key("attribute").value(c.attribute).key("from");
    opt(w, c.from);
    w.key("to");
    opt(w, c.to);
    if (c.correction) w.key("correction").value(c.correction);
    w.end_object();
  }
  w.end_array();
  const auto& after = r.after_state();
  const auto& member_of = after ? after->groups : r.before ? r.before->groups : std::vector<std::string>{};
  w.key("groups").begin_object();
  w.key("added").strings(r.groups_added).key("removed").strings(r.groups_removed).key("member_of").strings(member_of);
  if (!r.group_corrections.empty()) {
    w.key("corrections").begin_object();
    for (const auto& [group, id] : r.group_corrections) w.key(group).value(id);
    w.end_object();
  }
  w.end_object();
  w.key("policies").begin_array();
  for (const auto& p : r.policies) {
    w.begin_object().key("policy").value(p.policy).key("reason").value(p.reason).key("compared").begin_object();
    for (const auto& [k, v] : p.compared) w.key(k).value(v);
    w.end_object().end_object();
  }
  w.end_array();
  w.key("errors").strings(r.errors);
  // Only users with manual corrections carry the key, so other lines keep their bytes.
  if (!r.corrections.empty()) {
    w.key("corrections").begin_array();
    for (const auto& c : r.corrections) {
      w.begin_object().key("id").value(c.id).key("kind").value(c.kind).key("attribute").value(c.attribute);
      w.key("state").value(c.state).key("value").value(c.value).key("baseline");
      opt(w, c.baseline);
      if (c.state == "conflict") {
        w.key("source_now");
        opt(w, c.source_now);
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return out;
}

}  // namespace usersync
