// XLSX as the importer reads it: the input is saved as a workbook and read by XlsxImporter
// (zip, relationships, workbook, styles, shared strings, the first visible sheet, then two other
// sheet options), and fed as XML straight to XmlStream in two pieces (the zip layer aside, so the
// fuzzer reaches the XML layer with few bytes). Nothing but usersync::Error may escape, and every
// record must be whole: a value per header name, each valid UTF-8, each with a location.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "importers/xlsx_importer.h"
#include "importers/xml_stream.h"
#include "model/text.h"

using namespace usersync;

namespace {

class CheckingSink : public RecordSink {
 public:
  void header(const Header& h, const SourceLocation& where) override {
    if (where.sheet.empty()) fuzz::finding("a header without its sheet");
    for (const auto& n : h.names())
      if (n.empty() || find_invalid_utf8(n) != std::string::npos) fuzz::finding("a header name empty or not UTF-8");
  }
  void user(const Record& r) override {
    if (r.header->names().size() != r.values.size()) fuzz::finding("a name without a value");
    for (std::size_t i = 0; i < r.values.size(); ++i) {
      if (find_invalid_utf8(r.values[i]) != std::string::npos) fuzz::finding("a value that is not UTF-8");
      if (r.location(r.header->names()[i]).sheet.empty()) fuzz::finding("a value without its place");
    }
  }
};

class Counting : public XmlHandler {
 public:
  void start(std::string_view, const std::vector<XmlAttribute>& a) override { attributes += a.size(); }
  std::size_t attributes = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file("book.xlsx");
  const std::string& path = file.write(data, size);
  for (const char* sheet : {"", "2", "Sheet1"}) {
    SourceSpec spec;
    spec.name = "fuzz";
    spec.format = "xlsx";
    spec.path = path;
    spec.files = {path};
    if (*sheet) spec.options["sheet"] = {sheet};
    spec.options["text_columns"] = {"id"};
    spec.fields = {"username"};
    CheckingSink sink;
    fuzz::expect_only_usersync_errors([&] { XlsxImporter().read(spec, sink); });
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Counting handler;
  fuzz::expect_only_usersync_errors([&] {
    XmlStream xml(handler, "fuzz.xml");
    if (xml.feed(text.substr(0, size / 2)) && xml.feed(text.substr(size / 2))) xml.finish();
  });
  return 0;
}
