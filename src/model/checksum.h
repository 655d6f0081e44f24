#pragma once
// SHA-256 (OpenSSL's libcrypto) for source-file checksums in summaries and staleness checks.
#include <memory>
#include <string>
#include <string_view>

namespace usersync {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  /// Lower-case hex digest; the hasher cannot be updated afterwards.
  std::string hex_digest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Checksum of a whole file as "sha256:<hex>"; throws InputError when it cannot be read.
std::string file_sha256(const std::string& path);

}  // namespace usersync
