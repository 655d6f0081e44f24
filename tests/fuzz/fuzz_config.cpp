// The TOML config layer: load_config on a fuzzed file. ConfigError and the other usersync errors
// are the expected outcomes; a std exception would reach users as "internal error" (exit 1).
#include <cstdint>

#include "config/config.h"
#include "fuzz_util.h"

using namespace usersync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file("usersync.toml");
  const std::string& path = file.write(data, size);
  fuzz::expect_only_usersync_errors([&] {
    Config cfg = load_config(path);
    for (const auto& s : cfg.sources) {
      (void)cfg.mapping_fingerprint(s);
      (void)cfg.mapping_for(s);
    }
  });
  return 0;
}
