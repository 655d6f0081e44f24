// The directory export reader (src/run/directory_reader): CSV in the directory's own columns,
// read through the importer table into a DirectoryState with rows of one user merged (lenient
// quotes for inputs of odd length).
#include <cstdint>

#include "fuzz_util.h"
#include "run/directory_reader.h"

using namespace usersync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file("directory.csv");
  const std::string& path = file.write(data, size);
  fuzz::expect_only_usersync_errors([&] {
    Config cfg;
    cfg.file = "usersync.toml";
    cfg.directory.path = path;
    cfg.directory.lenient_quotes = size % 2;
    auto state = read_directory(cfg);
    for (const auto& u : state.users) {
      if (u.username.empty()) usersync::fuzz::finding("a directory user without a username");
      if (u.last_login) (void)u.last_login->iso();
    }
  });
  return 0;
}
