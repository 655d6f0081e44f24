#pragma once
// A staged user in the form the plan reads back a million times: length-prefixed fields in one
// blob, decoded without a parser. JSON would be parsed into a DOM per row (the largest single
// cost of loading staging, #11); nothing outside usersync reads this column.
#include <string>
#include <string_view>

#include "model/identity.h"

namespace usersync {

/// username, active, groups, attributes, skip, reasons, errors. `ref`, `priority` and the
/// source's settings are not part of it: they are the caller's.
std::string pack_source_user(const SourceUser& user);

/// What pack_source_user wrote. Throws std::runtime_error naming the field for a blob that is
/// not one (truncated, or from a newer version): the database was damaged, not the input.
SourceUser unpack_source_user(std::string_view blob);

}  // namespace usersync
