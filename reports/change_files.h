#pragma once
// changes.csv: one row per change of a plan, in apply order, for a person or another tool to
// carry out (the far side of an air gap) or to review in a spreadsheet.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/plan.h"

namespace usersync {

/// One CSV cell (RFC 4180 quoting) that a spreadsheet cannot run as a formula: text starting
/// with =, +, -, @, tab or CR is prefixed with ' (OWASP's CSV injection advice).
std::string safe_csv_cell(std::string_view text);

/// Header `user,kind,group,attribute,from,to,reasons` and one row per change; a missing from/to
/// value is an empty cell, reasons are separated by ';'. A `user_create` row is followed by one
/// `user_create` row per attribute of the new user. CRLF line ends, as RFC 4180 says.
void write_changes_csv(std::ostream& out, const std::vector<Change>& changes);

}  // namespace usersync
