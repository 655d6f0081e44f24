#pragma once
// The one interface every source format implements. An importer streams records to a sink and
// knows nothing of mapping, staging or the CLI.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "model/record.h"

namespace usersync {

/// How to read one source: what the config says about the file, format-specific keys included.
struct SourceSpec {
  std::string name;
  std::string format;
  std::string path;               // absolute, or relative to the working directory
  std::optional<char> delimiter;  // CSV: detected when unset
  std::string encoding = "auto";  // CSV: auto, utf-8, utf-16le, utf-16be
  bool lenient_quotes = false;    // CSV: keep a quote inside an unquoted field as text
};

struct ImportStats {
  std::int64_t records = 0;
  std::string checksum;   // "sha256:<hex>" of the raw file
  std::string encoding;   // as detected
  std::string delimiter;  // CSV: as detected or set
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  /// Called once, before the first record, when the field names are known.
  virtual void header(const Header& /*header*/) {}
  virtual void record(const Record& record) = 0;
};

class Importer {
 public:
  virtual ~Importer() = default;
  /// Reads the whole source, handing each record to `sink`. Throws InputError with a location.
  virtual ImportStats read(const SourceSpec& spec, RecordSink& sink) = 0;
};

}  // namespace usersync
