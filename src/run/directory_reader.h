#pragma once
// Reads the application's directory export into a DirectoryState, like a source: through the
// importer table, and through the rule engine when the export has a preset or a mapping. Rows
// that name the same user (exports with one row per group membership) are merged.
#include "config/config.h"
#include "model/identity.h"

namespace usersync {

/// Native exports (no mapping) use usersync's own columns: username (required), email,
/// first_name, last_name, display_name, active, groups, external_id, last_login, created; any
/// other column is an extra attribute. A mapped export's `last_login` and `created` must map to
/// ISO 8601 dates (the `date()` filter converts other forms). Rows of one user are merged: groups
/// united, other values must agree. Throws InputError at the value for anything it cannot read,
/// and naming both rows for rows that disagree.
DirectoryState read_directory(const Config& cfg);

}  // namespace usersync
