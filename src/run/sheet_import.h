#pragma once
// `usersync sheet import`: reads an edited corrections workbook (or a CSV with its columns) and
// turns every cell that differs from what the export showed into a manual correction. A file
// with any error (an unknown row or column, an edited read-only cell, a value that is not one)
// records nothing; every error is reported with its place (`file!Users!C12`).
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/timestamp.h"
#include "store/database.h"

namespace usersync {

struct SheetImportResult {
  std::int64_t export_id = 0;
  std::vector<std::int64_t> ids;  // the corrections recorded
};

/// Inside the caller's transaction. `by` is who made the edits.
SheetImportResult import_sheet(Database& db, const Config& cfg, const std::string& path, const std::string& by,
                               Timestamp now);

}  // namespace usersync
