#pragma once
// changes.scim.json: a plan as one SCIM Bulk request (RFC 7644 3.7), for another system or a
// person on the far side of an air gap to apply. Users and groups the plan creates get a bulkId
// and are referred to as "bulkId:<id>"; a created group carries its first members in its POST.
// Everything else is addressed by the target's id recorded with the change; a change whose
// user or group has no known id cannot be addressed and is left out, counted.
#include <cstdint>
#include <string>
#include <vector>

#include "model/plan.h"

namespace usersync {

struct ScimBulkDocument {
  std::string json;  // the BulkRequest, pretty-printed, ending in a newline
  std::int64_t operations = 0;
  std::int64_t left_out = 0;                   // changes with no target id for their user or group
  std::vector<std::string> left_out_examples;  // the first few, "update alice (no SCIM id)"
};

ScimBulkDocument scim_bulk_request(const std::vector<Change>& changes);
/// "changes.scim.json leaves out 3 changes whose user or group has no SCIM id (update bo (no
/// SCIM id), ...); changes.csv has them all", for the summary.
std::string scim_bulk_message(const ScimBulkDocument& doc);

}  // namespace usersync
