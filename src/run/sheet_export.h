#pragma once
// `usersync sheet export`: the desired state as the last plan computed it (every source's newest
// import, merged, with the corrections in force) written as the corrections workbook, and kept
// in the database as it was shown, so `sheet import` can tell which cells an admin edited.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/timestamp.h"
#include "store/database.h"

namespace usersync {

/// The columns of the Users sheet, in order, and what each is.
struct SheetLayout {
  std::vector<std::string> attributes;  // editable attributes: email, first_name, ... (not username)
  std::vector<std::string> columns;     // every column's header: username, attributes, active, groups, sources, note, expires, _row
};

/// The workbook's layout for a config: the built-in attributes, then the declared and mapped ones.
SheetLayout sheet_layout(const Config& cfg);

inline constexpr const char* kRowColumn = "_row";
inline constexpr const char* kNoteColumn = "note";
inline constexpr const char* kExpiresColumn = "expires";
/// The read-only column naming where the value of `column` came from.
std::string source_column(const std::string& column);
/// Whether a column is one of those; `attribute_of_source` is then what it names.
bool is_source_column(std::string_view column);
std::string attribute_of_source(std::string_view column);

struct SheetExportResult {
  std::int64_t export_id = 0;
  std::int64_t users = 0;
  std::int64_t groups = 0;
  std::int64_t corrections = 0;  // in force, on the Corrections sheet
};

/// Writes the workbook to `path` and records the export; inside the caller's transaction.
SheetExportResult export_sheet(Database& db, const Config& cfg, const std::string& path, Timestamp now);

/// The checksum of an export: every shown value of every row, with the columns.
std::string export_checksum(const std::vector<std::string>& columns, const std::vector<std::string>& shown_rows);

}  // namespace usersync
