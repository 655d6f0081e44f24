#include "json_flatten.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "model/text.h"
#include "model/timestamp.h"

namespace usersync {

namespace ondemand = simdjson::ondemand;

void FlatFields::add(std::string name, std::string value) {
  names.push_back(std::move(name));
  values.push_back(std::move(value));
  if (!lists.empty()) lists.emplace_back();
}

void FlatFields::add_list(std::string name, std::vector<std::string> items) {
  if (lists.empty()) lists.resize(values.size());
  names.push_back(std::move(name));
  values.push_back(join(items, "; "));
  lists.emplace_back(std::move(items));
}

const std::string* FlatFields::find(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return &values[i];
  return nullptr;
}

const std::vector<std::string>* FlatFields::find_list(std::string_view name) const {
  for (std::size_t i = 0; i < names.size() && i < lists.size(); ++i)
    if (names[i] == name && lists[i]) return &*lists[i];
  return nullptr;
}

void add_created_from_epoch_ms(FlatFields& fields, std::string_view field) {
  const std::string* ms = fields.find(field);
  constexpr std::int64_t kYear10000 = 253402300800000;  // ms: past this, no ISO 8601 year of four digits
  if (ms && !ms->empty() && ms->size() < 16 && ms->find_first_not_of("0123456789") == std::string::npos &&
      std::stoll(*ms) < kYear10000)
    fields.add("@created", Timestamp{std::stoll(*ms) / 1000}.iso());
}

void consume(ondemand::value value, int depth) {
  if (depth > kMaxJsonDepth) throw std::length_error("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  switch (value.type()) {
    case ondemand::json_type::object:
      for (auto field : value.get_object()) {
        (void)field.unescaped_key().value();
        consume(field.value(), depth + 1);
      }
      break;
    case ondemand::json_type::array:
      for (auto element : value.get_array()) consume(element.value(), depth + 1);
      break;
    case ondemand::json_type::string:
      (void)value.get_string().value();
      break;
    case ondemand::json_type::number:
      (void)value.get_double().value();  // a malformed number fails here; a huge one is still a number
      break;
    case ondemand::json_type::boolean:
      (void)value.get_bool().value();
      break;
    case ondemand::json_type::null:
      if (!value.is_null().value()) throw simdjson::simdjson_error(simdjson::N_ATOM_ERROR);
      break;
  }
}

std::optional<std::string> scalar_text(ondemand::value value) {
  switch (value.type()) {
    case ondemand::json_type::string:
      return std::string(value.get_string().value());
    case ondemand::json_type::number:
      (void)value.get_double().value();  // checks it is a number; the text is kept as written
      return std::string(trim(value.raw_json_token()));
    case ondemand::json_type::boolean:
      return value.get_bool().value() ? "true" : "false";
    default:
      return std::nullopt;
  }
}

namespace {

std::string escape_pointer(std::string_view key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

void flatten_value(ondemand::value value, const std::string& name, const std::string& pointer, int depth,
                   FlatFields& out);

void too_deep(const std::string& pointer) {
  throw std::length_error("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at " + pointer);
}

void flatten_members(ondemand::object object, const std::string& prefix, const std::string& pointer, int depth,
                     FlatFields& out) {
  if (depth > kMaxJsonDepth) too_deep(pointer);
  for (auto field : object) {
    std::string key(field.unescaped_key().value());
    flatten_value(field.value(), prefix.empty() ? key : prefix + "." + key, pointer + "/" + escape_pointer(key),
                  depth + 1, out);
  }
}

/// Copies the fields of one array element under `prefix` ("emails[0]", "emails[primary]").
void copy_under(const FlatFields& element, const std::string& prefix, FlatFields& out) {
  for (std::size_t i = 0; i < element.names.size(); ++i) {
    std::string name = prefix + (element.names[i].empty() ? "" : "." + element.names[i]);
    if (!element.lists.empty() && element.lists[i])
      out.add_list(std::move(name), *element.lists[i]);
    else
      out.add(std::move(name), element.values[i]);
  }
}

void flatten_array(ondemand::array array, const std::string& name, const std::string& pointer, int depth,
                   FlatFields& out) {
  if (depth > kMaxJsonDepth) too_deep(pointer);
  std::vector<std::string> scalars;
  bool objects = false;
  std::map<std::string, std::vector<std::string>> across;  // "emails[].value": every element's value
  std::vector<std::string> order;
  bool seen_primary = false;
  std::vector<std::string> seen_types;
  std::size_t index = 0;
  for (auto element : array) {
    ondemand::value v = element.value();
    auto type = v.type().value();
    std::string at = pointer + "/" + std::to_string(index);
    std::string indexed = name + "[" + std::to_string(index) + "]";
    ++index;
    if (type == ondemand::json_type::object) {
      objects = true;
      FlatFields fields;
      flatten_members(v.get_object(), "", at, depth + 1, fields);
      copy_under(fields, indexed, out);
      const std::string* primary = fields.find("primary");
      if (primary && *primary == "true" && !seen_primary) {
        seen_primary = true;
        copy_under(fields, name + "[primary]", out);
      }
      const std::string* kind = fields.find("type");
      if (kind && !kind->empty() && std::find(seen_types.begin(), seen_types.end(), *kind) == seen_types.end()) {
        seen_types.push_back(*kind);
        copy_under(fields, name + "[type=" + *kind + "]", out);
      }
      for (std::size_t i = 0; i < fields.names.size(); ++i) {
        if (!fields.lists.empty() && fields.lists[i]) continue;
        auto [it, fresh] = across.try_emplace(fields.names[i]);
        if (fresh) order.push_back(fields.names[i]);
        it->second.push_back(fields.values[i]);
      }
    } else if (type == ondemand::json_type::array) {
      flatten_array(v.get_array(), indexed, at, depth + 1, out);
    } else if (auto text = scalar_text(v)) {
      scalars.push_back(std::move(*text));
    }
  }
  if (!objects || !scalars.empty()) out.add_list(name, std::move(scalars));
  for (const auto& key : order) out.add_list(name + "[]." + key, std::move(across[key]));
}

void flatten_value(ondemand::value value, const std::string& name, const std::string& pointer, int depth,
                   FlatFields& out) {
  switch (value.type()) {
    case ondemand::json_type::object:
      flatten_members(value.get_object(), name, pointer, depth, out);
      break;
    case ondemand::json_type::array:
      flatten_array(value.get_array(), name, pointer, depth, out);
      break;
    case ondemand::json_type::null:
      if (!value.is_null().value()) throw simdjson::simdjson_error(simdjson::N_ATOM_ERROR);
      break;
    default:
      out.add(name, *scalar_text(value));
  }
}

}  // namespace

void flatten_object(ondemand::object object, FlatFields& out) { flatten_members(object, "", "", 1, out); }

}  // namespace usersync
