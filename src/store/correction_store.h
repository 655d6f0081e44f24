#pragma once
// Manual corrections and the corrections workbooks they came from. A correction stays in force
// (active, or waiting as a conflict) until an admin drops it or a later correction of the same
// value replaces it; dropped and replaced ones are kept for the audit trail.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "model/correction.h"
#include "model/timestamp.h"

namespace usersync {

/// One user row of an export: what the workbook showed (column -> text) and what the sources
/// said then (attribute -> value; null when they did not say), both as JSON objects.
struct ExportRow {
  std::int64_t row_key = 0;
  std::string username;
  std::string shown;
  std::string baseline;
};

struct SheetExport {
  std::int64_t id = 0;
  std::string created_at;
  std::string checksum;
  std::vector<std::string> columns;
  std::string imported_at;  // when edits of it were recorded; "" if never
};

class CorrectionStore {
 public:
  explicit CorrectionStore(Database& db) : db_(db) {}

  /// Stores new corrections (ids assigned in order); each replaces the one in force on the same
  /// user and value. Returns the ids.
  std::vector<std::int64_t> add(const std::vector<Correction>& corrections);
  /// The corrections in force (active or conflict), by id.
  std::vector<Correction> in_force();
  /// Every correction, by id (`all`), or those in force.
  std::vector<Correction> list(bool all);
  std::optional<Correction> find(std::int64_t id);
  /// Keeps what a plan found: a conflict with the sources' value now, or active again.
  void record(const std::vector<CorrectionOutcome>& outcomes);
  void drop(std::int64_t id, Timestamp now);
  /// The admin decides the correction wins over the sources' new value: it becomes the baseline.
  void keep(std::int64_t id, Timestamp now);

  std::int64_t save_export(const SheetExport& e, const std::vector<ExportRow>& rows);
  std::optional<SheetExport> load_export(std::int64_t id);
  std::optional<std::int64_t> newest_export();
  void mark_imported(std::int64_t id, Timestamp now);
  std::vector<ExportRow> export_rows(std::int64_t id);

 private:
  Database& db_;
};

/// The key two corrections of one user share when they correct the same value.
std::string correction_target_key(const Correction& c);

}  // namespace usersync
