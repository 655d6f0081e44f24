#include "correction.h"

namespace usersync {

namespace {
constexpr std::pair<CorrectionKind, std::string_view> kNames[] = {{CorrectionKind::set, "set"},
                                                                  {CorrectionKind::group_add, "group_add"},
                                                                  {CorrectionKind::group_remove, "group_remove"},
                                                                  {CorrectionKind::create, "create"},
                                                                  {CorrectionKind::deprovision, "deprovision"}};
}

std::string_view to_string(CorrectionKind kind) {
  for (const auto& [k, n] : kNames)
    if (k == kind) return n;
  return "set";
}

std::optional<CorrectionKind> correction_kind_from(std::string_view text) {
  for (const auto& [k, n] : kNames)
    if (n == text) return k;
  return std::nullopt;
}

}  // namespace usersync
