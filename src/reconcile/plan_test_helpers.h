#pragma once
// Shared by the reconciler's tests: look up a user's result and list a plan's changes compactly.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "model/plan.h"

namespace usersync::test {

inline const UserResult& result(const Plan& p, const std::string& name) {
  for (const auto& r : p.results)
    if (r.username == name) return r;
  FAIL("no result for " << name);
  throw;
}

/// "kind:username:group-or-attribute" for every change, in plan order.
inline std::vector<std::string> kinds(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& c : p.changes)
    out.push_back(std::string(to_string(c.kind)) + ":" + c.username + ":" + c.group + c.attribute);
  return out;
}

}  // namespace usersync::test
