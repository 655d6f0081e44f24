#pragma once
// Reads a file as UTF-8 text in chunks, whatever encoding it came in, and checksums the raw bytes
// on the way. Detection comes first and is separate from parsing (DuckDB's sniffer pattern):
// a BOM says UTF-8 or UTF-16 (what Excel writes as "Unicode text"); no BOM means UTF-8.
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "model/checksum.h"

namespace usersync {

class TextSource {
 public:
  /// `encoding`: "auto" (by BOM), "utf-8", "utf-16le" or "utf-16be". Throws InputError.
  TextSource(const std::string& path, const std::string& encoding = "auto");

  /// At least `n` bytes of decoded text from the start (less at end of file), without consuming.
  std::string_view peek(std::size_t n);
  /// Appends the next chunk of decoded text to `out`; false at end of file.
  bool read(std::string& out);
  /// "utf-8", "utf-8-bom", "utf-16le" or "utf-16be"
  const std::string& encoding() const { return encoding_; }
  /// sha256 of the raw file bytes; valid once the whole file has been read.
  std::string checksum();
  const std::string& path() const { return path_; }

 private:
  bool fill();  // decodes one more raw chunk into pending_
  std::string path_;
  std::ifstream in_;
  std::string encoding_;
  Sha256 hash_;
  std::string pending_;  // decoded, not yet returned
  std::size_t pending_pos_ = 0;
  std::string raw_carry_;           // raw bytes of an incomplete UTF-16 unit or surrogate pair
  std::int64_t decoded_lines_ = 1;  // for locating UTF-16 errors
  bool eof_ = false;
  std::string digest_;
};

/// Decodes UTF-16 bytes to UTF-8. Bytes of an incomplete trailing unit or pair stay in `carry`.
/// Returns the byte offset of an unpaired surrogate in `raw`, or npos.
std::size_t utf16_to_utf8(std::string_view raw, bool big_endian, std::string& out, std::string& carry);

}  // namespace usersync
