#pragma once
// The one table of source formats (ninja's tool table): adding a format means a unit, a row here,
// a preset, tests, fixtures and a line in docs/CONFIG.md.
#include <memory>
#include <span>
#include <string_view>

#include "importer.h"

namespace usersync {

struct ImporterInfo {
  std::string_view format;
  std::string_view description;
  std::unique_ptr<Importer> (*create)();
};

std::span<const ImporterInfo> importer_table();
/// The row for `format`, or nullptr.
const ImporterInfo* find_importer(std::string_view format);

}  // namespace usersync
