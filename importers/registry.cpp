#include "registry.h"

#include <array>

#include "csv_importer.h"

namespace usersync {

namespace {
template <class T>
std::unique_ptr<Importer> make() {
  return std::make_unique<T>();
}

const std::array<ImporterInfo, 1> kImporters{{
    {"csv", "CSV or delimited text with a header row (RFC 4180; UTF-8 or UTF-16 with BOM)", &make<CsvImporter>},
}};
}  // namespace

std::span<const ImporterInfo> importer_table() { return kImporters; }

const ImporterInfo* find_importer(std::string_view format) {
  for (const auto& row : kImporters)
    if (row.format == format) return &row;
  return nullptr;
}

}  // namespace usersync
