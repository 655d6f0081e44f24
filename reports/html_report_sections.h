#pragma once
// The parts of report.html drawn from the run's summary, rendered in C++ so that they read
// without JavaScript (and print): the header, the counts and their chart, the guards, what was
// held back, the group conflicts and the sources. Each appends one element to `out`.
#include <string>

#include "summary.h"

namespace usersync {

void html_header(const RunSummary& run, std::string& out);
/// The section links under the header.
void html_contents(std::string& out);
/// Users per action, changes per kind (table and chart), outcomes of a push.
void html_summary(const RunSummary& run, std::string& out);
void html_guards(const RunSummary& run, std::string& out);
/// Held back, drift and messages: what an operator has to look at.
void html_held_back(const RunSummary& run, std::string& out);
void html_conflicts(const RunSummary& run, std::string& out);
void html_sources(const RunSummary& run, std::string& out);

/// The changes per kind as an inline SVG bar chart, in plan order (all_change_kinds()).
void html_changes_chart(const RunSummary& run, std::string& out);

}  // namespace usersync
