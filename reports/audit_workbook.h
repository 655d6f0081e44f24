#pragma once
// audit.xlsx: the run as a workbook for auditors (libxlsxwriter, constant-memory mode).
#include <cstdint>
#include <filesystem>
#include <memory>

#include "report_sink.h"

namespace usersync {

/// The largest number of data rows on one sheet before it continues on "Name (2)": Excel's
/// 1,048,576 rows less the header row. Tests pass a small limit.
inline constexpr std::int64_t max_sheet_rows = 1048575;

std::unique_ptr<ReportSink> make_audit_workbook_sink(const std::filesystem::path& folder,
                                                     std::int64_t rows_per_sheet = max_sheet_rows);

}  // namespace usersync
