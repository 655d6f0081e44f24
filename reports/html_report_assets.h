#pragma once
// The style sheet and the script of report.html, kept as C++ raw string literals so that the
// binary writes a self-contained page with nothing to install beside it.
#include <string_view>

namespace usersync {

std::string_view html_report_style();
/// Reads the users from the page's `<script type="application/json" id="users">` and the
/// meta data from `id="report-meta"`; builds the filters, the paged table and the detail view.
std::string_view html_report_script();

}  // namespace usersync
