#pragma once
// A read-only view of a zip archive (an XLSX package) that never trusts it: every entry name is
// checked when the archive opens, nothing is ever written to disk, and an entry is inflated in
// chunks with its size and compression ratio counted as it inflates, so a zip bomb stops at the
// limit whatever its headers claim. libzip does the zip format (Debian's libzip-dev).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace usersync {

/// What the archive may hold. Sheets of a million rows inflate to a few hundred MB; XML
/// compresses well but not a thousandfold.
struct ZipLimits {
  std::uint64_t max_entries = 10'000;
  std::uint64_t max_entry_bytes = 2ull << 30;  // 2 GiB inflated, one entry
  std::uint64_t max_total_bytes = 4ull << 30;  // 4 GiB inflated, every entry read
  std::uint64_t max_ratio = 100;                // inflated / compressed, once past ratio_floor
  std::uint64_t ratio_floor = 1 << 20;          // small entries may compress better than that
};

/// Whether a file begins as a zip archive does (a local file header), whatever its name.
bool starts_like_zip(const std::string& path);

class ZipArchive {
 public:
  /// Opens `path`; `name` is how errors call it. Throws InputError when the file is not a zip, is
  /// cut short, has too many entries or an entry whose name is absolute or climbs out (`..`).
  ZipArchive(const std::string& path, ZipLimits limits = {});
  /// Opens an archive held in memory (the fuzz target's input); `bytes` must outlive it.
  ZipArchive(std::string_view bytes, std::string name, ZipLimits limits = {});
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  /// The entry's name as stored when the archive has it (OOXML part names compare without case).
  std::optional<std::string> find(std::string_view name) const;
  /// Inflates entry `name`, handing it on in chunks; `chunk` returns false to stop early. Throws
  /// InputError naming the file and entry on a limit, a bad CRC or a truncated entry.
  void read(const std::string& name, const std::function<bool(std::string_view)>& chunk);
  /// The whole entry as a string (small parts: relationships, workbook, styles).
  std::string read_all(const std::string& name);

  const std::string& name() const { return name_; }

 private:
  void check_entries();
  struct Handle;
  std::unique_ptr<Handle> zip_;
  std::string name_;
  ZipLimits limits_;
  std::uint64_t total_read_ = 0;
};

}  // namespace usersync
