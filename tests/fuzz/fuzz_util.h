#pragma once
// Shared by the libFuzzer targets: a per-process scratch file for parsers that take a path, and
// the one rule for exceptions. usersync::Error (and whatever a target's contract names) is an
// expected outcome, unless it carries the internal exit code; any other exception is a finding,
// reported with its type before aborting.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>

#include "model/errors.h"

namespace usersync::fuzz {

/// A file in a per-process folder (in /dev/shm when there is one, so no disk I/O), removed at exit.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& name) {
    std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    dir_ = base / ("usersync-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / name).string();
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  /// Replaces the file's content with `data`; returns its path.
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) {
      std::fprintf(stderr, "fuzz: cannot write %s\n", path_.c_str());
      std::abort();
    }
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

/// Runs `f`; usersync::Error is expected and swallowed, except one with the internal exit code
/// (users would see "internal error", exit 1). Any other exception aborts with its type.
template <class F>
void expect_only_usersync_errors(F&& f) {
  try {
    f();
  } catch (const usersync::Error& e) {
    if (e.code() == ExitCode::internal) {
      std::fprintf(stderr, "fuzz: internal error (exit 1): %s\n", e.what());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: unexpected exception %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz: unexpected non-std exception\n");
    std::abort();
  }
}

/// An invariant of the code under test failed: report and abort so libFuzzer keeps the input.
[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "fuzz: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace usersync::fuzz
