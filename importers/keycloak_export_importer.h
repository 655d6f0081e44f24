#pragma once
// A Keycloak realm export (`kc.sh export --realm R --file realm.json --users realm_file`): one
// JSON object with "groups" (nested through "subGroups", each with a "path") and "users" (each
// with "groups" as paths such as "/Engineering/Backend"). A user's group is named by its path;
// the group's name is the path's last segment (`name` of the group the path leads to when the
// export lists it). Read with simdjson On-Demand; the file is loaded once.
#include <simdjson.h>

#include "importer.h"

namespace usersync {

class KeycloakExportImporter : public Importer {
 public:
  ImportStats read(const SourceSpec& spec, RecordSink& sink) override;

 private:
  simdjson::ondemand::parser parser_;
};

}  // namespace usersync
