#include "crosswalk.h"

#include "importers/csv_importer.h"
#include "model/text.h"

namespace usersync {

namespace {
class CrosswalkSink : public RecordSink {
 public:
  explicit CrosswalkSink(Crosswalk& out) : out_(out) {}
  void header(const Header& h, const SourceLocation&) override {
    const auto& names = h.names();
    if (names.size() != 2 || !iequals(names[0], "source_id"))
      throw InputError(SourceLocation{file_, 1, 1, join(names, ","), ""},
                       "a crosswalk has two columns: source_id, then the directory attribute it names (such as "
                       "source_id,username)");
    out_.attribute = ascii_lower(names[1]);
  }
  void user(const Record& r) override {
    const std::string& id = r.values[0];
    const std::string& value = r.values[1];
    if (trim(id).empty() || trim(value).empty())
      throw InputError(r.location(trim(id).empty() ? r.header->names()[0] : r.header->names()[1]),
                       "empty value in a crosswalk row; every row maps one source id to one account");
    auto [it, fresh] = out_.by_id.emplace(std::string(trim(id)), std::string(trim(value)));
    if (!fresh) throw InputError(r.location(r.header->names()[0]), "source id '" + it->first + "' is listed twice");
  }
  std::string file_;

 private:
  Crosswalk& out_;
};
}  // namespace

Crosswalk read_crosswalk(const std::string& path) {
  Crosswalk out;
  CrosswalkSink sink(out);
  sink.file_ = path;
  SourceSpec spec;
  spec.name = "crosswalk";
  spec.path = path;
  spec.files = {path};
  CsvImporter().read(spec, sink);
  return out;
}

}  // namespace usersync
