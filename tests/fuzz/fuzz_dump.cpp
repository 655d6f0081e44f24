// IdP dumps as the importers read them: the input is one API answer saved as users-page-1.json in
// a folder of its own, and every provider's importer reads that folder; the same file is read as
// a Keycloak realm export too. Nothing but usersync::Error may escape, and every record handed on
// must be whole: a value per name, a list per value when there are lists (its items joined being
// the value), and a location for every field.
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz_util.h"
#include "importers/dump_importer.h"
#include "importers/keycloak_export_importer.h"
#include "model/text.h"

using namespace usersync;

namespace {

class CheckingSink : public RecordSink {
 public:
  void user(const Record& r) override {
    const auto& names = r.header->names();
    if (names.size() != r.values.size()) fuzz::finding("a name without a value");
    if (!r.lists.empty() && r.lists.size() != r.values.size()) fuzz::finding("lists do not line up with values");
    if (r.id.empty()) fuzz::finding("a user without an id");
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i < r.lists.size() && r.lists[i] && join(*r.lists[i], "; ") != r.values[i])
        fuzz::finding("a list's value is not its items joined");
      (void)r.location(names[i]);
    }
  }
  void group(const GroupRecord& g) override {
    if (g.id.empty() || g.name.empty()) fuzz::finding("a group without an id or a name");
  }
  void membership(const MembershipRecord& m) override {
    if (m.member.empty()) fuzz::finding("a membership without a member");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file("users-page-1.json");
  const std::string& path = file.write(data, size);
  SourceSpec spec;
  spec.name = "fuzz";
  spec.path = std::filesystem::path(path).parent_path().string();
  spec.files = {path};
  for (auto provider : {DumpProvider::okta, DumpProvider::graph, DumpProvider::google, DumpProvider::keycloak,
                        DumpProvider::onelogin, DumpProvider::scim}) {
    CheckingSink sink;
    fuzz::expect_only_usersync_errors([&] { DumpImporter(provider).read(spec, sink); });
  }
  CheckingSink sink;
  fuzz::expect_only_usersync_errors([&] { KeycloakExportImporter().read(spec, sink); });
  return 0;
}
