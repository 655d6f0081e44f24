#pragma once
// Writes a run's report folder. The files are written into a hidden folder beside it and moved
// into place when complete, so a report folder that exists is a whole report.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "model/plan.h"

namespace usersync {

struct ReportFiles {
  std::filesystem::path summary;
  std::filesystem::path users;
  std::filesystem::path changes;  // changes.csv; empty when the run has no plan to carry out
  std::filesystem::path changes_scim;  // changes.scim.json, beside changes.csv
};

ReportFiles write_report_files(const std::filesystem::path& dir, const std::string& summary_json,
                               const std::vector<std::string>& user_lines);
/// The same, reading line `i` of `count` through `line`, so callers need not copy their lines.
/// With `changes`, also changes.csv (see change_files.h) and, with `scim_bulk`, the same
/// changes as a SCIM Bulk request in changes.scim.json (rendered by src/target/scim_bulk).
ReportFiles write_report_files(const std::filesystem::path& dir, const std::string& summary_json, std::size_t count,
                               const std::function<const std::string&(std::size_t)>& line,
                               const std::vector<Change>* changes = nullptr, const std::string* scim_bulk = nullptr);

}  // namespace usersync
