#include "keycloak_export_importer.h"

#include "json_file.h"
#include "json_flatten.h"
#include "model/timestamp.h"

namespace usersync {

namespace ondemand = simdjson::ondemand;

namespace {

/// The last segment of a group path: "/Engineering/Backend" is "Backend".
std::string last_segment(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class ExportReader {
 public:
  ExportReader(JsonFile& json, RecordSink& sink) : json_(json), sink_(sink) {}

  ImportStats read() {
    bool users = false;
    json_.read([&](ondemand::document& doc) {
      if (doc.type().value() != ondemand::json_type::object)
        json_.fail_at("", "expected a Keycloak realm export: an object with \"realm\", \"groups\" and \"users\"");
      for (auto field : doc.get_object()) {
        std::string_view key = field.unescaped_key().value();
        ondemand::value v = field.value();
        if (key == "groups") {
          each_object(v, "/groups", "a group", [&](ondemand::object g, const std::string& at) { (void)group(g, at, 0); });
        } else if (key == "users") {
          users = true;
          each_object(v, "/users", "a user", [&](ondemand::object u, const std::string& at) { user(u, at); });
        } else {
          json_.skip(v, "/" + std::string(key));
        }
      }
    });
    // An export taken without --users realm_file has no users: importing it would deprovision
    // everybody, so it is refused.
    if (!users)
      json_.fail_at("", "this realm export has no \"users\"; export it with --users realm_file (kc.sh export)");
    return stats_;
  }

 private:
  template <class Each>
  void each_object(ondemand::value v, const std::string& base, const char* what, Each&& each) {
    if (v.type().value() != ondemand::json_type::array) json_.fail_at(base, "expected an array");
    std::size_t i = 0;
    for (auto element : v.get_array()) {
      std::string at = base + "/" + std::to_string(i++);
      ondemand::value e = element.value();
      if (e.type().value() != ondemand::json_type::object) json_.fail_at(at, std::string("expected ") + what + " object");
      each(e.get_object(), at);
    }
  }

  /// A group and its subGroups, each a member of its parent. Users name groups by path, so the
  /// path is the group's id here. Returns the path.
  std::string group(ondemand::object object, const std::string& pointer, int depth) {
    if (depth > kMaxJsonDepth) json_.fail_at(pointer, "groups nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    std::string name, path;
    std::vector<std::pair<std::string, std::string>> children;  // path, place
    for (auto field : object) {
      std::string_view key = field.unescaped_key().value();
      ondemand::value v = field.value();
      if (key == "name" || key == "path") {
        (key == "name" ? name : path) = scalar_text(v).value_or("");
      } else if (key == "subGroups") {
        each_object(v, pointer + "/subGroups", "a group", [&](ondemand::object g, const std::string& at) {
          children.emplace_back(group(g, at, depth + 1), at);
        });
      } else {
        json_.skip(v, pointer + "/" + std::string(key));
      }
    }
    if (name.empty()) json_.fail_at(pointer, "this group has no \"name\"; expected its name");
    if (path.empty()) json_.fail_at(pointer, "this group has no \"path\"; expected its path (\"/" + name + "\")");
    sink_.group(GroupRecord{path, name, json_.path(), 0, pointer});
    ++stats_.groups;
    for (const auto& [child, at] : children) {
      MembershipRecord m;
      m.group = path;
      m.member = child;
      m.type = MemberType::group;
      m.file = json_.path();
      m.pointer = at;
      sink_.membership(m);
    }
    return path;
  }

  void user(ondemand::object object, const std::string& pointer) {
    FlatFields fields;
    try {
      flatten_object(object, fields);
    } catch (const std::length_error& e) {
      json_.fail_at(pointer, e.what());
    }
    const std::string* id = fields.find("id");
    if (!id || id->empty()) json_.fail_at(pointer, "this user has no \"id\"; expected its immutable id");
    std::string user_id = *id;
    if (fields.find("serviceAccountClientId")) return;  // a client's service account: no person
    add_created_from_epoch_ms(fields, "createdTimestamp");
    std::vector<std::string> paths;
    if (const auto* groups = fields.find_list("groups")) paths = *groups;
    Record r;
    r.header = std::make_shared<const Header>(std::move(fields.names));
    r.values = std::move(fields.values);
    r.lists = std::move(fields.lists);
    r.file = json_.path();
    r.pointer = pointer;
    r.id = user_id;
    sink_.user(r);
    ++stats_.records;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      MembershipRecord m;
      m.group = paths[i];
      m.member = user_id;
      m.group_name = last_segment(paths[i]);
      m.file = json_.path();
      m.pointer = pointer + "/groups/" + std::to_string(i);
      sink_.membership(m);
      ++stats_.memberships;
    }
  }

  JsonFile& json_;
  RecordSink& sink_;
  ImportStats stats_;
};

}  // namespace

ImportStats KeycloakExportImporter::read(const SourceSpec& spec, RecordSink& sink) {
  if (spec.files.size() != 1) throw InputError(spec.path + ": a Keycloak realm export is one JSON file");
  JsonFile json(spec.files.front(), parser_);
  return ExportReader(json, sink).read();
}

}  // namespace usersync
