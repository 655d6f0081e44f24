#include "codec.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "model/json_writer.h"

namespace usersync {

void bind_optional(SQLite::Statement& q, int i, const std::optional<std::string>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind(i);
}

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

using nlohmann::json;

namespace {
void write_attributes(JsonWriter& w, const Attributes& attrs) {
  w.begin_object();
  for (const auto& [k, v] : attrs.entries()) w.key(k).value(v);
  w.end_object();
}

Attributes read_attributes(const json& object) {
  Attributes a;
  a.reserve(object.size());  // a million directory users: growth by doubling wastes a quarter
  for (auto it = object.begin(); it != object.end(); ++it) a.set(it.key(), it.value().get<std::string>());
  return a;
}
}  // namespace

std::string attributes_to_json(const Attributes& attrs) {
  std::string out;
  JsonWriter w(out);
  write_attributes(w, attrs);
  return out;
}

Attributes attributes_from_json(std::string_view text) {
  // A plan reads a million of these (one per directory user): simdjson's on-demand parser reads
  // the flat object in place instead of building a DOM for each (#11). The text is copied into a
  // buffer with the padding simdjson reads past the end.
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string buffer;
  buffer.assign(text);
  buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  Attributes a;
  try {
    simdjson::ondemand::document doc = parser.iterate(buffer.data(), text.size(), buffer.capacity());
    auto object = doc.get_object();
    a.reserve(object.count_fields());  // a million users: vectors grown by doubling waste a quarter
    for (auto field : object) {
      std::string_view key = field.unescaped_key().value();
      std::string_view value = field.value().get_string().value();
      a.set(key, std::string(value));
    }
    // On-Demand checks only that the text ends as the object does; anything after it is refused.
    if (!doc.current_location().error()) throw std::runtime_error("text after the object");
  } catch (const std::exception& e) {
    throw std::runtime_error("stored attributes are not a JSON object of strings (" + std::string(e.what()) + ")");
  }
  return a;
}

std::string strings_to_json(const std::vector<std::string>& values) { return json(values).dump(); }

std::vector<std::string> strings_from_json(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

std::string record_to_json(const Record& record) {
  // In the file's column order, which is what an admin expects to read back. A list stays a list.
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  const auto& names = record.header->names();
  for (std::size_t i = 0; i < names.size() && i < record.values.size(); ++i) {
    w.key(names[i]);
    if (i < record.lists.size() && record.lists[i])
      w.strings(*record.lists[i]);
    else
      w.value(record.values[i]);
  }
  w.end_object();
  return out;
}

Record record_from_json(const std::string& text) {
  auto j = nlohmann::ordered_json::parse(text);
  std::vector<std::string> names;
  Record r;
  bool any_list = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    names.push_back(it.key());
    if (it.value().is_array()) {
      auto items = it.value().get<std::vector<std::string>>();
      std::string joined;
      for (const auto& item : items) joined += (joined.empty() ? "" : "; ") + item;
      r.values.push_back(std::move(joined));
      r.lists.resize(r.values.size() - 1);
      r.lists.emplace_back(std::move(items));
      any_list = true;
    } else {
      r.values.push_back(it.value().get<std::string>());
      if (any_list) r.lists.emplace_back();
    }
  }
  r.header = std::make_shared<const Header>(std::move(names));
  return r;
}

std::string source_user_to_json(const SourceUser& u) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("active");
  if (u.active)
    w.value(*u.active);
  else
    w.null();
  w.key("attributes");
  write_attributes(w, u.attrs);
  if (!u.errors.empty()) w.key("errors").strings(u.errors);
  w.key("groups");
  if (u.groups)
    w.strings(*u.groups);
  else
    w.null();
  if (!u.reasons.empty()) w.key("reasons").strings(u.reasons);
  if (u.skip) w.key("skip").value(true);
  w.key("username").value(u.username);
  w.end_object();
  return out;
}

SourceUser source_user_from_json(const std::string& text) {
  auto j = json::parse(text);
  SourceUser u;
  u.username = j.at("username").get<std::string>();
  u.attrs = read_attributes(j.at("attributes"));
  if (!j.at("active").is_null()) u.active = j.at("active").get<bool>();
  if (!j.at("groups").is_null()) u.groups = j.at("groups").get<std::vector<std::string>>();
  u.skip = j.value("skip", false);
  if (j.contains("reasons")) u.reasons = j.at("reasons").get<std::vector<std::string>>();
  if (j.contains("errors")) u.errors = j.at("errors").get<std::vector<std::string>>();
  return u;
}

}  // namespace usersync
