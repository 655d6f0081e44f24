#pragma once
#include "importer.h"

namespace usersync {

/// Delimited text with a header row. Detects encoding, then delimiter, then parses
/// (one step each), and refuses ragged rows and duplicate or empty header names.
class CsvImporter : public Importer {
 public:
  ImportStats read(const SourceSpec& spec, RecordSink& sink) override;
};

}  // namespace usersync
