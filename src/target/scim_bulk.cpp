#include "scim_bulk.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "model/text.h"
#include "scim_client.h"
#include "scim_codec.h"

namespace usersync {

namespace {

using ojson = nlohmann::ordered_json;

ojson patch_op(const nlohmann::json& operations) {
  return ojson{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
               {"Operations", ojson::parse(operations.dump())}};
}

}  // namespace

ScimBulkDocument scim_bulk_request(const std::vector<Change>& changes) {
  ScimBulkDocument doc;
  std::map<std::string, std::string> new_users;   // folded username -> bulkId
  std::map<std::string, std::size_t> new_groups;  // folded group -> index of its POST
  int user_seq = 0, group_seq = 0;
  for (const auto& c : changes) {
    if (c.kind == ChangeKind::user_create) new_users[fold_case(c.username)] = "user-" + std::to_string(++user_seq);
  }
  ojson ops = ojson::array();
  // New groups are written after the last new user, so that a service that resolves bulkId
  // references in order finds every member it names (RFC 7644 allows either order).
  ojson group_posts = ojson::array();
  std::size_t after_users = 0;  // the position in ops after the last new user
  auto leave_out = [&](const Change& c, const std::string& why) {
    ++doc.left_out;
    auto example =
        std::string(to_string(c.kind)) + " " + (c.username.empty() ? c.group : c.username) + " (" + why + ")";
    auto& ex = doc.left_out_examples;
    if (ex.size() < 5 && std::find(ex.begin(), ex.end(), example) == ex.end()) ex.push_back(std::move(example));
  };
  auto user_value = [&](const Change& c) -> std::string {
    if (auto it = new_users.find(fold_case(c.username)); it != new_users.end()) return "bulkId:" + it->second;
    return c.user_ref;
  };
  for (const auto& c : changes) {
    switch (c.kind) {
      case ChangeKind::group_create: {
        auto id = "group-" + std::to_string(++group_seq);
        new_groups[fold_case(c.group)] = group_posts.size();
        group_posts.push_back(
            {{"method", "POST"},
             {"path", "/Groups"},
             {"bulkId", id},
             {"data", {{"schemas", {kScimGroupSchema}}, {"displayName", c.group}, {"members", ojson::array()}}}});
        break;
      }
      case ChangeKind::user_create: {
        auto resource = ojson::parse(scim_user_resource(c.username, c.attrs, true).dump());
        ops.push_back({{"method", "POST"},
                       {"path", "/Users"},
                       {"bulkId", new_users[fold_case(c.username)]},
                       {"data", std::move(resource)}});
        after_users = ops.size();
        break;
      }
      case ChangeKind::user_rename:
      case ChangeKind::user_update:
      case ChangeKind::user_reactivate:
      case ChangeKind::user_deactivate: {
        if (c.user_ref.empty()) {
          leave_out(c, "no SCIM id");
          break;
        }
        auto operations = scim_user_operations(c);
        if (operations.empty()) {
          leave_out(c, "no SCIM attribute for '" + c.attribute + "'");
          break;
        }
        ops.push_back(
            {{"method", "PATCH"}, {"path", "/Users/" + url_escape(c.user_ref)}, {"data", patch_op(operations)}});
        break;
      }
      case ChangeKind::membership_add:
      case ChangeKind::membership_remove: {
        auto member = user_value(c);
        if (member.empty()) {
          leave_out(c, "no SCIM id for the user");
          break;
        }
        // A group this request creates takes its members in its own POST.
        if (auto it = new_groups.find(fold_case(c.group)); it != new_groups.end()) {
          if (c.kind == ChangeKind::membership_add)
            group_posts[it->second]["data"]["members"].push_back({{"value", member}});
          break;
        }
        if (c.group_ref.empty()) {
          leave_out(c, "no SCIM id for the group");
          break;
        }
        ops.push_back({{"method", "PATCH"},
                       {"path", "/Groups/" + url_escape(c.group_ref)},
                       {"data", patch_op(scim_member_operations(c.kind, {member}))}});
        break;
      }
      case ChangeKind::user_delete:
        if (c.user_ref.empty()) {
          leave_out(c, "no SCIM id");
          break;
        }
        ops.push_back({{"method", "DELETE"}, {"path", "/Users/" + url_escape(c.user_ref)}});
        break;
    }
  }
  ops.insert(ops.begin() + static_cast<std::ptrdiff_t>(after_users), group_posts.begin(), group_posts.end());
  doc.operations = static_cast<std::int64_t>(ops.size());
  ojson request{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}}, {"Operations", std::move(ops)}};
  doc.json = request.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  return doc;
}

std::string scim_bulk_message(const ScimBulkDocument& doc) {
  return "changes.scim.json leaves out " + std::to_string(doc.left_out) + (doc.left_out == 1 ? " change" : " changes") +
         " it cannot address (" + join(doc.left_out_examples, ", ") +
         (doc.left_out > static_cast<std::int64_t>(doc.left_out_examples.size()) ? ", ..." : "") +
         "); changes.csv has every change";
}

}  // namespace usersync
