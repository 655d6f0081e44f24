#include "source_files.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "model/checksum.h"
#include "registry.h"

namespace fs = std::filesystem;

namespace usersync {

const std::vector<std::string>& SourceSpec::option(const std::string& option_name,
                                                   const std::vector<std::string>& fallback) const {
  auto it = options.find(option_name);
  return it == options.end() ? fallback : it->second;
}

namespace {
bool is_glob(const std::string& path) { return path.find_first_of("*?[") != std::string::npos; }
}  // namespace

std::vector<std::string> source_files(const std::string& path, bool many_allowed, std::string_view extension) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (fs::is_regular_file(status)) return {path};
  std::vector<std::string> files;
  if (fs::is_directory(status)) {
    if (!many_allowed)
      throw InputError(path + " is a folder; this format reads one file: name the file, not its folder");
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      auto name = entry.path().filename().string();
      if (name.empty() || name[0] == '.' || !entry.is_regular_file(ec)) continue;
      if (!extension.empty() && !name.ends_with(extension)) continue;
      files.push_back(entry.path().string());
    }
    if (ec) throw InputError("cannot list the folder " + path + ": " + ec.message());
    if (files.empty())
      throw InputError(path + " holds no " +
                       (extension.empty() ? std::string("file") : std::string(extension) + " file") +
                       "; expected the files of a dump in it");
  } else if (is_glob(path) && !fs::exists(status)) {
    if (!many_allowed) throw InputError(path + " is a pattern; this format reads one file: name the file");
    glob_t matches{};
    int rc = glob(path.c_str(), GLOB_ERR, nullptr, &matches);
    for (std::size_t i = 0; rc == 0 && i < matches.gl_pathc; ++i)
      if (fs::is_regular_file(matches.gl_pathv[i], ec)) files.emplace_back(matches.gl_pathv[i]);
    globfree(&matches);
    if (files.empty()) throw InputError(path + " matches no file; expected at least one");
  } else {
    throw InputError("cannot read " + path + ": no such file or folder");
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> files_for_format(const SourceSpec& spec) {
  const ImporterInfo& format = *find_importer(spec.format);
  return source_files(spec.path, format.many_files, folder_extension(format));
}

std::string sources_checksum(const std::string& path, const std::vector<std::string>& files) {
  std::error_code ec;
  if (files.size() == 1 && files.front() == path) return file_sha256(path);
  bool folder = fs::is_directory(path, ec);
  Sha256 h;
  for (const auto& f : files) {
    std::string name = folder ? fs::path(f).filename().string() : f;
    auto size = fs::file_size(f, ec);
    h.update(name);
    h.update(std::string_view("\0", 1));
    h.update(std::to_string(ec ? 0 : size));
    h.update(std::string_view("\0", 1));
    h.update(file_sha256(f));
    h.update(std::string_view("\n", 1));
  }
  return "sha256:" + h.hex_digest();
}

}  // namespace usersync
