#pragma once
// The audit workbook's Summary sheet: the run's facts, then its sources, guards, what it held
// back, its messages and its counts, with a column chart of the changes by kind.
#include <string>
#include <vector>

#include "summary.h"
#include "xlsx_book.h"

namespace usersync {

/// Adds and writes the Summary sheet (the workbook's first). `overflow` has a note for each
/// table that continues on more sheets (overflow_note in xlsx_table.h).
void write_summary_sheet(XlsxBook& book, const RunSummary& run, const std::vector<std::string>& overflow);

}  // namespace usersync
