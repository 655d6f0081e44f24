#pragma once
// Between usersync's directory attributes and SCIM 2.0 resources (RFC 7643): reading a User or
// Group resource into the directory's terms, building the resource a create sends, and the
// PATCH operations (RFC 7644 3.5.2) of a change. One table of attribute paths serves all three,
// and the SCIM Bulk change file.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/identity.h"
#include "model/plan.h"

namespace usersync {

inline constexpr const char* kScimUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kScimGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* kScimEnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The SCIM path of a directory attribute (`first_name` -> `name.givenName`, `department` ->
/// the enterprise extension's); nullopt for one SCIM has no place for.
std::optional<std::string> scim_path(std::string_view attribute);
/// The directory attributes a SCIM target can hold, for messages.
std::vector<std::string> scim_attributes();

/// A User resource as a directory user (remote_id = `id`; email: the primary email, else the first).
/// Group memberships come from the groups' member lists, not from here.
DirectoryUser user_from_scim(const nlohmann::json& resource);

/// The User resource a create sends: userName, active and every attribute with a SCIM path.
nlohmann::json scim_user_resource(const std::string& username, const Attributes& attrs, bool active = true);

/// The PATCH operations of a user change (update, rename, (re)activation); empty for the others.
nlohmann::json scim_user_operations(const Change& change);
/// The same change written into a whole resource, for a service without PATCH (PUT instead).
void apply_to_resource(nlohmann::json& resource, const Change& change);

/// The member operations of membership changes of one kind on one group: one `add` with every
/// value, or a `remove` per value.
nlohmann::json scim_member_operations(ChangeKind kind, const std::vector<std::string>& user_ids);

}  // namespace usersync
