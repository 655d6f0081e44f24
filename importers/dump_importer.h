#pragma once
// Folders of saved IdP API answers: Okta, Microsoft Graph (Entra ID), Google Admin SDK, Keycloak
// admin API, OneLogin v2 and SCIM 2.0. One file per API answer, named after its API path with `/`
// replaced by `-` and `-page-N.json` appended (N from 1):
//   users-page-N.json                    every provider
//   groups-page-N.json                   (OneLogin: roles-page-N.json)
//   groups-<id>-users-page-N.json        Okta members
//   groups-<id>-members-page-N.json      Graph, Google, Keycloak members
//   groups-<id>-children-page-N.json     Keycloak sub-groups (Keycloak 23+ lists top-level groups only)
//   roles-<id>-users-page-N.json         OneLogin role members
// SCIM groups carry their members. The providers differ in a table (dump_importer.cpp), not in code
// paths: envelope, paging marker, group name field, member type, and the fields derived for the
// presets (`@active` from a status list). Pages must run from 1 without a gap, and a page that
// says another follows (@odata.nextLink, nextPageToken, SCIM totalResults) must have it.
#include <simdjson.h>

#include "importer.h"

namespace usersync {

enum class DumpProvider { okta, graph, google, keycloak, onelogin, scim };

class DumpImporter : public Importer {
 public:
  explicit DumpImporter(DumpProvider provider) : provider_(provider) {}
  ImportStats read(const SourceSpec& spec, RecordSink& sink) override;

 private:
  DumpProvider provider_;
  simdjson::ondemand::parser parser_;
};

/// The statuses that mean active when `active_statuses` is not set: Okta's ACTIVE,
/// PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY, PROVISIONED; OneLogin's 1, 3, 4, 5, 7, 8.
const std::vector<std::string>& default_active_statuses(DumpProvider provider);

}  // namespace usersync
