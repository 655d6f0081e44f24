#pragma once
// What a source's `path` names: one file, a folder (a dump of API answers) or a glob
// (`exports/*.ldif`), and the checksum that says whether any of it changed since the last import.
#include <string>
#include <vector>

#include "importer.h"

namespace usersync {

/// The files `path` names, sorted by name: the file itself; a folder's regular files (not its
/// sub-folders, not hidden files; with `extension`, only the files ending in it); or the matches
/// of a glob (`*`, `?`, `[...]`). InputError when there is nothing to read, or when a format that
/// reads one file is given a folder or a glob.
std::vector<std::string> source_files(const std::string& path, bool many_allowed, std::string_view extension = {});

/// source_files for `spec.path` as the registry row of `spec.format` reads it (one file or many,
/// and which files of a folder).
std::vector<std::string> files_for_format(const SourceSpec& spec);

/// "sha256:<hex>": of the file itself when `path` is a file (so a source that was always one file
/// keeps its checksum); otherwise of every file's name (relative to the folder, or as matched),
/// size and SHA-256, in order, so an added, removed, renamed or changed file is a change.
std::string sources_checksum(const std::string& path, const std::vector<std::string>& files);

}  // namespace usersync
