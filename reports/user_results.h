#pragma once
// users.jsonl: one JSON object per user, keys in a fixed order so equal runs are equal bytes.
#include <string>

#include "model/plan.h"

namespace usersync {

/// One line of users.jsonl, without the trailing newline.
std::string user_result_line(const UserResult& result);

}  // namespace usersync
