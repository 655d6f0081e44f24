#pragma once
// A crosswalk: a source's own ids mapped to the directory's accounts, for the people whose name
// and address both changed (an HR employee id to a Jira account id). A CSV file of two columns:
// `source_id` (the record id `users.jsonl` shows under `sources`) and a directory attribute
// (`username`, `external_id`, ...), whose name the header gives.
#include <string>
#include <unordered_map>

namespace usersync {

struct Crosswalk {
  std::string attribute;                                // the directory attribute of the second column
  std::unordered_map<std::string, std::string> by_id;  // source id -> attribute value
};

/// Reads `path`. InputError (file:line:col) for a header that is not `source_id,<attribute>`, an
/// empty value, or a source id listed twice.
Crosswalk read_crosswalk(const std::string& path);

}  // namespace usersync
