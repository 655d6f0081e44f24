// CSV with encoding detection, as a source is read: TextSource (BOM, UTF-16 decoding) then
// sniff_delimiter then CsvReader over every record, strict and with lenient quotes; then the same
// bytes through CsvImporter::read (lenient for inputs of odd length). Also checks that UTF-16
// decoding in chunks gives what decoding in one piece gives.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "importers/csv_importer.h"
#include "importers/csv_reader.h"
#include "importers/text_source.h"

using namespace usersync;

namespace {

class CountingSink : public RecordSink {
 public:
  void header(const Header& h, const SourceLocation&) override { width_ = h.names().size(); }
  void user(const Record& r) override {
    if (r.values.size() != width_ || r.lines.size() != width_ || r.columns.size() != width_)
      fuzz::finding("a record's values, lines and columns do not match the header");
    for (const auto& name : r.header->names()) (void)r.location(name);
  }

 private:
  std::size_t width_ = 0;
};

void read_records(const std::string& path, bool lenient_quotes) {
  TextSource text(path);
  char delim = sniff_delimiter(text.peek(1 << 16));
  CsvReader reader(text, delim, lenient_quotes);
  CsvRow row;
  while (reader.next(row)) {
    if (row.fields.size() != row.field_lines.size() || row.fields.size() != row.field_columns.size())
      fuzz::finding("CsvRow fields, field_lines and field_columns differ in size");
    if (row.fields.empty()) fuzz::finding("CsvRow without fields");
  }
  (void)text.checksum();
}

/// UTF-16 decoding split into chunks must agree with decoding the whole input at once.
void utf16_chunks(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return;
  const bool big_endian = data[0] & 1;
  const std::size_t step = 1 + data[0] % 7;
  std::string_view raw(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string whole, whole_carry;
  bool whole_bad = utf16_to_utf8(raw, big_endian, whole, whole_carry) != std::string_view::npos;
  std::string parts, carry;
  bool parts_bad = false;
  for (std::size_t i = 0; i < raw.size() && !parts_bad; i += step)
    parts_bad = utf16_to_utf8(raw.substr(i, step), big_endian, parts, carry) != std::string_view::npos;
  if (whole_bad != parts_bad) fuzz::finding("UTF-16 in chunks and in one piece disagree on validity");
  if (!whole_bad && (whole != parts || whole_carry != carry))
    fuzz::finding("UTF-16 in chunks and in one piece decode differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file("input.csv");
  const std::string& path = file.write(data, size);
  fuzz::expect_only_usersync_errors([&] { read_records(path, false); });
  fuzz::expect_only_usersync_errors([&] { read_records(path, true); });
  fuzz::expect_only_usersync_errors([&] {
    CountingSink sink;
    SourceSpec spec;
    spec.name = "fuzz";
    spec.format = "csv";
    spec.path = path;
    spec.lenient_quotes = size % 2;
    CsvImporter().read(spec, sink);
  });
  utf16_chunks(data, size);
  return 0;
}
