#include "dump_importer.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "json_file.h"
#include "json_flatten.h"
#include "model/text.h"
#include "model/timestamp.h"

namespace usersync {

namespace ondemand = simdjson::ondemand;

namespace {

/// How one provider lays out its answers.
struct Layout {
  std::string_view name;           // for messages
  std::string_view groups_stem;    // "groups"; OneLogin "roles"
  std::string_view members_stem;   // the last path segment of a group's member list; "" when inline
  std::string_view list_key;       // the answer's array: "" when the answer is a bare array
  std::string_view group_name;     // the group field that is its name
  std::string_view next_marker;    // a field that says another page follows; "" when none is written
  bool scim_paging = false;        // totalResults / startIndex
  bool nested_groups = false;      // Keycloak: subGroups and groups-<id>-children
};

const Layout& layout(DumpProvider p) {
  static const Layout okta{"Okta", "groups", "users", "", "profile.name", ""};
  static const Layout graph{"Microsoft Graph", "groups", "members", "value", "displayName", "@odata.nextLink"};
  static const Layout google{"Google Admin SDK", "groups", "members", "*", "name", "nextPageToken"};
  static const Layout keycloak{"Keycloak", "groups", "members", "", "name", "", false, true};
  static const Layout onelogin{"OneLogin", "roles", "users", "", "name", ""};
  static const Layout scim{"SCIM", "groups", "", "Resources", "displayName", "", true};
  switch (p) {
    case DumpProvider::okta:
      return okta;
    case DumpProvider::graph:
      return graph;
    case DumpProvider::google:
      return google;
    case DumpProvider::keycloak:
      return keycloak;
    case DumpProvider::onelogin:
      return onelogin;
    case DumpProvider::scim:
      return scim;
  }
  throw std::logic_error("unknown dump provider");
}

/// Google names its array after what it holds: "users", "groups", "members".
std::string_view list_key_for(const Layout& l, std::string_view kind) { return l.list_key == "*" ? kind : l.list_key; }

enum class FileKind { users, groups, members, children };

struct PageFile {
  std::string path;
  FileKind kind;
  std::string group;  // members and children: the group's id from the file name
  std::string stem;   // the name without -page-N.json
  std::int64_t page = 0;
};

/// What an answer said about paging.
struct PageInfo {
  bool says_next = false;
  std::optional<std::int64_t> total;
  std::optional<std::int64_t> start_index;
  std::int64_t items = 0;
};

std::optional<PageFile> classify(const std::string& path, const Layout& l) {
  std::string name = std::filesystem::path(path).filename().string();
  constexpr std::string_view page = "-page-", ext = ".json";
  if (name.size() <= ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0) return std::nullopt;
  auto at = name.rfind(page);
  if (at == std::string::npos) return std::nullopt;
  auto number = name.substr(at + page.size(), name.size() - ext.size() - at - page.size());
  if (number.empty() || number.size() > 9 || number.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  // A page numbered otherwise would be left out without a word, and its people taken for leavers.
  if (number[0] == '0')
    throw InputError(path + ": page numbers start at 1 and have no leading zeros; expected " +
                     name.substr(0, at) + "-page-" + std::to_string(std::stoll(number) + (number == "0" ? 1 : 0)) +
                     ".json");
  PageFile f{path, FileKind::users, "", name.substr(0, at), std::stoll(number)};
  const std::string& stem = f.stem;
  std::string groups(l.groups_stem);
  if (stem == "users") return f;
  if (stem == groups) return f.kind = FileKind::groups, f;
  auto inside = [&](std::string_view suffix) -> std::optional<std::string> {
    std::string tail = "-" + std::string(suffix);
    if (suffix.empty() || stem.size() <= groups.size() + 1 + tail.size() || stem.compare(0, groups.size() + 1, groups + "-") != 0 ||
        stem.compare(stem.size() - tail.size(), tail.size(), tail) != 0)
      return std::nullopt;
    return stem.substr(groups.size() + 1, stem.size() - groups.size() - 1 - tail.size());
  };
  if (auto id = inside(l.members_stem)) return f.kind = FileKind::members, f.group = *id, f;
  if (l.nested_groups)
    if (auto id = inside("children")) return f.kind = FileKind::children, f.group = *id, f;
  return std::nullopt;
}

Record make_record(FlatFields&& fields, const std::string& file, std::string pointer) {
  Record r;
  r.header = std::make_shared<const Header>(std::move(fields.names));
  r.values = std::move(fields.values);
  r.lists = std::move(fields.lists);
  r.file = file;
  r.pointer = std::move(pointer);
  return r;
}

bool truthy(const std::string* v) { return v && *v == "true"; }

class DumpReader {
 public:
  DumpReader(DumpProvider p, const SourceSpec& spec, RecordSink& sink, ondemand::parser& parser)
      : provider_(p), layout_(layout(p)), spec_(spec), sink_(sink), parser_(parser) {
    active_statuses_ = spec.option("active_statuses", default_active_statuses(p));
  }

  ImportStats read() {
    std::map<std::string, std::vector<PageFile>> series;  // by stem, pages in order
    for (const auto& path : spec_.files)
      if (auto f = classify(path, layout_)) series[f->stem].push_back(std::move(*f));
    if (!series.count("users"))
      throw InputError(spec_.path + ": no users-page-1.json; expected a " + std::string(layout_.name) +
                       " dump: one file per API answer, named users-page-N.json, " + std::string(layout_.groups_stem) +
                       "-page-N.json, ... (docs/CONFIG.md, \"Formats\")");
    for (auto& [stem, pages] : series) {
      std::sort(pages.begin(), pages.end(), [](const auto& a, const auto& b) { return a.page < b.page; });
      for (std::size_t i = 0; i < pages.size(); ++i)
        if (pages[i].page != static_cast<std::int64_t>(i) + 1)
          throw InputError(pages[i].path + ": page " + std::to_string(i + 1) + " of " + stem +
                           " is missing (expected " + stem + "-page-" + std::to_string(i + 1) +
                           ".json before this one); the dump is incomplete");
    }
    // Users first, then groups, then member lists: the order does not matter to staging, but it
    // is the order an admin reads the counts in.
    for (auto kind : {FileKind::users, FileKind::groups, FileKind::children, FileKind::members})
      for (const auto& [stem, pages] : series)
        if (pages.front().kind == kind) read_series(pages);
    return stats_;
  }

 private:
  void read_series(const std::vector<PageFile>& pages) {
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      const auto& f = pages[i];
      JsonFile json(f.path, parser_);
      PageInfo info;
      json.read([&](ondemand::document& doc) { info = read_page(json, doc, f); });
      bool last = i + 1 == pages.size();
      if (!layout_.next_marker.empty()) {
        if (info.says_next && last)
          throw InputError(f.path + ": this answer has " + std::string(layout_.next_marker) + ", but " + f.stem +
                           "-page-" + std::to_string(f.page + 1) + ".json is missing; the dump is incomplete");
        if (!info.says_next && !last)
          throw InputError(pages[i + 1].path + ": follows a page without " + std::string(layout_.next_marker) +
                           " (" + f.path + "); expected this page to be the last, or the earlier one to link to it");
      }
      if (layout_.scim_paging) {
        if (info.start_index && *info.start_index != seen + 1)
          throw InputError(SourceLocation{f.path, 0, 0, "", "/startIndex"},
                           "startIndex is " + std::to_string(*info.start_index) + ", but the pages before hold " +
                               std::to_string(seen) + " resources; expected " + std::to_string(seen + 1) +
                               " (a page is missing or out of order)");
        seen += info.items;
        if (last && info.total && seen < *info.total)
          throw InputError(SourceLocation{f.path, 0, 0, "", "/totalResults"},
                           "totalResults is " + std::to_string(*info.total) + ", but the pages hold " +
                               std::to_string(seen) + " resources; " + f.stem + "-page-" +
                               std::to_string(f.page + 1) + ".json is missing");
      }
    }
  }

  std::string_view kind_name(FileKind k) const {
    switch (k) {
      case FileKind::users:
        return "users";
      case FileKind::groups:
      case FileKind::children:
        return "groups";
      case FileKind::members:
        return "members";
    }
    return "";
  }

  PageInfo read_page(JsonFile& json, ondemand::document& doc, const PageFile& f) {
    PageInfo info;
    std::string_view key = list_key_for(layout_, kind_name(f.kind));
    // The Keycloak children and OneLogin/Okta member answers are bare arrays like the rest.
    if (key.empty()) {
      if (doc.type().value() != ondemand::json_type::array)
        json.fail_at("", "expected a JSON array of " + std::string(kind_name(f.kind)) + " (" +
                             std::string(layout_.name) + " answers are bare arrays)");
      read_items(json, doc.get_array(), "", f, info);
      return info;
    }
    if (doc.type().value() != ondemand::json_type::object)
      json.fail_at("", "expected a " + std::string(layout_.name) + " answer: an object with a \"" + std::string(key) +
                           "\" array");
    bool found = false;
    for (auto field : doc.get_object()) {
      std::string_view name = field.unescaped_key().value();
      ondemand::value v = field.value();
      if (name == key) {
        if (v.type().value() != ondemand::json_type::array)
          json.fail_at("/" + std::string(key), "expected an array of " + std::string(kind_name(f.kind)));
        found = true;
        read_items(json, v.get_array(), "/" + std::string(key), f, info);
      } else if (!layout_.next_marker.empty() && name == layout_.next_marker) {
        auto text = scalar_text(v);
        info.says_next = text && !text->empty();
      } else if (layout_.scim_paging && (name == "totalResults" || name == "startIndex")) {
        auto text = scalar_text(v);
        std::int64_t n = 0;
        if (!text || !parse_count(*text, n))
          json.fail_at("/" + std::string(name), "expected a whole number for " + std::string(name));
        (name == "totalResults" ? info.total : info.start_index) = n;
      } else {
        json.skip(v, "/" + std::string(name));
      }
    }
    // Google leaves an empty list out ("members" of an empty group, "groups" of a tenant without
    // any); every other answer must have its array.
    if (!found && provider_ != DumpProvider::google &&
        !(layout_.scim_paging && info.total == 0))
      json.fail_at("", "expected a \"" + std::string(key) + "\" array in this " + std::string(layout_.name) +
                           " answer; is this a " + std::string(layout_.name) + " dump?");
    return info;
  }

  static bool parse_count(const std::string& text, std::int64_t& out) {
    if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    out = std::stoll(text);
    return true;
  }

  void read_items(JsonFile& json, ondemand::array items, const std::string& base, const PageFile& f, PageInfo& info) {
    std::size_t index = 0;
    for (auto element : items) {
      ondemand::value v = element.value();
      std::string pointer = base + "/" + std::to_string(index++);
      ++info.items;
      if (v.type().value() != ondemand::json_type::object)
        json.fail_at(pointer, "expected an object (one of the " + std::string(kind_name(f.kind)) + ")");
      ondemand::object object = v.get_object();
      if (f.kind == FileKind::users) {
        user(json, object, pointer);
      } else if (layout_.nested_groups && f.kind != FileKind::members) {
        keycloak_group(json, object, pointer, f.kind == FileKind::children ? f.group : "");
      } else if (f.kind == FileKind::groups && provider_ == DumpProvider::scim) {
        scim_group(json, object, pointer);
      } else if (f.kind == FileKind::groups) {
        group(json, object, pointer);
      } else {
        member(json, object, pointer, f.group);
      }
    }
  }

  FlatFields flatten(JsonFile& json, ondemand::object object, const std::string& pointer) {
    FlatFields fields;
    try {
      flatten_object(object, fields);
    } catch (const std::length_error& e) {
      json.fail_at(pointer, e.what() + std::string("; expected the flat objects an API answer holds"));
    }
    return fields;
  }

  std::string required_id(JsonFile& json, const FlatFields& fields, const std::string& pointer, std::string_view what) {
    const std::string* id = fields.find("id");
    if (!id || id->empty()) json.fail_at(pointer, "this " + std::string(what) + " has no \"id\"; expected its immutable id");
    return *id;
  }

  void user(JsonFile& json, ondemand::object object, const std::string& pointer) {
    FlatFields fields = flatten(json, object, pointer);
    std::string id = required_id(json, fields, pointer, "user");
    // Keycloak lists a client's service account as a user: it is no person.
    if (provider_ == DumpProvider::keycloak && fields.find("serviceAccountClientId")) return;
    derive(fields);
    Record r = make_record(std::move(fields), json.path(), pointer);
    r.id = std::move(id);
    sink_.user(r);
    ++stats_.records;
  }

  /// The fields a preset needs and a template cannot say: `@active` from a status list or flags.
  void derive(FlatFields& fields) {
    switch (provider_) {
      case DumpProvider::okta:
      case DumpProvider::onelogin: {
        // Okta's displayName is optional: the preset falls back to the two names.
        if (provider_ == DumpProvider::okta) {
          const std::string* first = fields.find("profile.firstName");
          const std::string* last = fields.find("profile.lastName");
          std::string full = std::string(first ? *first : "") + (first && last ? " " : "") + (last ? *last : "");
          if (!full.empty()) fields.add("@full_name", full);
        }
        const std::string* status = fields.find("status");
        if (status)
          fields.add("@active", std::find(active_statuses_.begin(), active_statuses_.end(), *status) !=
                                        active_statuses_.end()
                                    ? "true"
                                    : "false");
        break;
      }
      case DumpProvider::google:
        fields.add("@active", truthy(fields.find("suspended")) || truthy(fields.find("archived")) ? "false" : "true");
        break;
      case DumpProvider::keycloak:
        add_created_from_epoch_ms(fields, "createdTimestamp");
        break;
      default:
        break;
    }
  }

  void group(JsonFile& json, ondemand::object object, const std::string& pointer) {
    FlatFields fields = flatten(json, object, pointer);
    std::string id = required_id(json, fields, pointer, "group");
    // Okta's BUILT_IN Everyone holds every user by definition: it is not a group anyone manages.
    if (provider_ == DumpProvider::okta) {
      const std::string* type = fields.find("type");
      if (type && *type == "BUILT_IN") {
        skipped_groups_.push_back(id);
        return;
      }
    }
    const std::string* name = fields.find(layout_.group_name);
    if (!name || name->empty())
      json.fail_at(pointer, "this group has no \"" + std::string(layout_.group_name) + "\"; expected its name there");
    sink_.group(GroupRecord{id, *name, json.path(), 0, pointer});
    ++stats_.groups;
  }

  /// Keycloak: a group and its subGroups (older servers nest them in the listing), each a group;
  /// a sub-group is a member of its parent. Returns the group's id.
  std::string keycloak_group(JsonFile& json, ondemand::object object, const std::string& pointer, const std::string& parent,
                      int depth = 0) {
    if (depth > kMaxJsonDepth) json.fail_at(pointer, "groups nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    std::string id, name;
    std::vector<std::pair<std::string, std::string>> children;  // id, place: the parent's id may come later
    for (auto field : object) {
      std::string_view key = field.unescaped_key().value();
      ondemand::value v = field.value();
      if (key == "id" || key == "name") {
        auto text = scalar_text(v);
        (key == "id" ? id : name) = text.value_or("");
      } else if (key == "subGroups" && v.type().value() == ondemand::json_type::array) {
        std::size_t i = 0;
        for (auto sub : v.get_array()) {
          std::string at = pointer + "/subGroups/" + std::to_string(i++);
          ondemand::value s = sub.value();
          if (s.type().value() != ondemand::json_type::object) json.fail_at(at, "expected a group object");
          children.emplace_back(keycloak_group(json, s.get_object(), at, "", depth + 1), at);
        }
      } else {
        json.skip(v, pointer + "/" + std::string(key));
      }
    }
    if (id.empty()) json.fail_at(pointer, "this group has no \"id\"; expected its immutable id");
    if (name.empty()) json.fail_at(pointer, "this group has no \"name\"; expected its name there");
    sink_.group(GroupRecord{id, name, json.path(), 0, pointer});
    ++stats_.groups;
    if (!parent.empty()) nested(parent, id, json.path(), pointer);
    for (const auto& [child, at] : children) nested(id, child, json.path(), at);
    return id;
  }

  /// SCIM: a Group resource with its members inline; only members of type User (or without a
  /// type) count.
  void scim_group(JsonFile& json, ondemand::object object, const std::string& pointer) {
    std::string id, name;
    std::vector<std::pair<std::string, MembershipRecord>> members;  // before the id is known
    for (auto field : object) {
      std::string_view key = field.unescaped_key().value();
      ondemand::value v = field.value();
      if (key == "id" || key == "displayName") {
        (key == "id" ? id : name) = scalar_text(v).value_or("");
      } else if (key == "members" && v.type().value() == ondemand::json_type::array) {
        std::size_t i = 0;
        for (auto m : v.get_array()) {
          std::string at = pointer + "/members/" + std::to_string(i++);
          ondemand::value mv = m.value();
          if (mv.type().value() != ondemand::json_type::object) json.fail_at(at, "expected a member object");
          FlatFields mf = flatten(json, mv.get_object(), at);
          const std::string* value = mf.find("value");
          if (!value || value->empty()) json.fail_at(at, "this member has no \"value\"; expected the member's id");
          const std::string* type = mf.find("type");
          MemberType t = !type || iequals(*type, "User") ? MemberType::user
                         : iequals(*type, "Group")       ? MemberType::group
                                                         : MemberType::other;
          MembershipRecord rec;
          rec.member = *value;
          rec.type = t;
          rec.file = json.path();
          rec.pointer = at;
          members.emplace_back(at, std::move(rec));
        }
      } else {
        json.skip(v, pointer + "/" + std::string(key));
      }
    }
    if (id.empty()) json.fail_at(pointer, "this group has no \"id\"; expected its immutable id");
    if (name.empty()) json.fail_at(pointer, "this group has no \"displayName\"; expected its name there");
    sink_.group(GroupRecord{id, name, json.path(), 0, pointer});
    ++stats_.groups;
    for (auto& [at, m] : members) {
      m.group = id;
      emit_member(std::move(m));
    }
  }

  void member(JsonFile& json, ondemand::object object, const std::string& pointer, const std::string& group) {
    FlatFields fields = flatten(json, object, pointer);
    std::string id = required_id(json, fields, pointer, "member");
    MemberType type = MemberType::user;
    if (provider_ == DumpProvider::graph) {
      const std::string* t = fields.find("@odata.type");
      type = t && *t == "#microsoft.graph.user" ? MemberType::user
             : t && *t == "#microsoft.graph.group" ? MemberType::group
                                                   : MemberType::other;
    } else if (provider_ == DumpProvider::google) {
      const std::string* t = fields.find("type");
      type = t && *t == "USER" ? MemberType::user : t && *t == "GROUP" ? MemberType::group : MemberType::other;
    } else if (provider_ == DumpProvider::onelogin) {
      // /roles/{id}/users?include_unassigned lists users who are not in the role, with assigned false.
      const std::string* assigned = fields.find("assigned");
      if (assigned && *assigned == "false") return;
    }
    if (std::find(skipped_groups_.begin(), skipped_groups_.end(), group) != skipped_groups_.end()) return;
    MembershipRecord m;
    m.group = group;
    m.member = std::move(id);
    m.type = type;
    m.file = json.path();
    m.pointer = pointer;
    emit_member(std::move(m));
  }

  void emit_member(MembershipRecord&& m) {
    if (m.type == MemberType::other) {
      ++stats_.other_members;
      return;
    }
    sink_.membership(m);
    if (m.type == MemberType::user) ++stats_.memberships;
  }

  /// Keycloak nests by parent: the child group is a member of its parent.
  void nested(const std::string& parent, const std::string& child, const std::string& file, const std::string& at) {
    MembershipRecord m;
    m.group = parent;
    m.member = child;
    m.type = MemberType::group;
    m.file = file;
    m.pointer = at;
    emit_member(std::move(m));
  }

  DumpProvider provider_;
  const Layout& layout_;
  const SourceSpec& spec_;
  RecordSink& sink_;
  ondemand::parser& parser_;
  std::vector<std::string> active_statuses_;
  std::vector<std::string> skipped_groups_;
  ImportStats stats_;
};

}  // namespace

const std::vector<std::string>& default_active_statuses(DumpProvider provider) {
  static const std::vector<std::string> okta{"ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY", "PROVISIONED"};
  static const std::vector<std::string> onelogin{"1", "3", "4", "5", "7", "8"};
  static const std::vector<std::string> none;
  return provider == DumpProvider::okta ? okta : provider == DumpProvider::onelogin ? onelogin : none;
}

ImportStats DumpImporter::read(const SourceSpec& spec, RecordSink& sink) {
  return DumpReader(provider_, spec, sink, parser_).read();
}

}  // namespace usersync
