#include "csv_importer.h"

#include "csv_reader.h"
#include "model/text.h"

namespace usersync {

namespace {
std::string delimiter_name(char d) {
  switch (d) {
    case '\t':
      return "tab";
    case ',':
      return "comma";
    case ';':
      return "semicolon";
    case '|':
      return "pipe";
    default:
      return std::string(1, d);
  }
}
}  // namespace

ImportStats CsvImporter::read(const SourceSpec& spec, RecordSink& sink) {
  // One file: the registry row says so, and source_files refuses a folder or a glob.
  const std::string& path = spec.files.empty() ? spec.path : spec.files.front();
  TextSource text(path, spec.encoding);
  char delim = spec.delimiter ? *spec.delimiter : sniff_delimiter(text.peek(1 << 16));
  CsvReader reader(text, delim, spec.lenient_quotes);
  CsvRow row;
  if (!reader.next(row))
    throw InputError(SourceLocation{path, 1, 1, "", ""}, "the file is empty; expected a header row");

  std::vector<std::string> names;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    std::string name(trim(row.fields[i]));
    SourceLocation where{path, row.field_lines[i], row.field_columns[i],
                         line_of(row.raw, row.field_lines[i] - row.line)};
    if (name.empty()) throw InputError(where, "empty column name in the header row; every column needs a name");
    for (const auto& prev : names)
      if (iequals(prev, name)) throw InputError(where, "duplicate column name '" + name + "' in the header row");
    names.push_back(std::move(name));
  }
  auto header = std::make_shared<const Header>(std::move(names));
  sink.header(*header, SourceLocation{path, row.line, 0, ""});

  ImportStats stats;
  Record rec;
  rec.header = header;
  rec.file = path;
  const auto width = header->names().size();
  while (reader.next(row)) {
    if (row.fields.size() != width) {
      bool extra = row.fields.size() > width;
      auto line = extra ? row.field_lines[width] : row.end_line;
      SourceLocation where{path, line, extra ? row.field_columns[width] : row.end_column,
                           line_of(row.raw, line - row.line)};
      throw InputError(where, "ragged row: expected " + std::to_string(width) + " fields (as in the header), found " +
                                  std::to_string(row.fields.size()) + " with the " + delimiter_name(delim) +
                                  " delimiter");
    }
    rec.values = std::move(row.fields);
    rec.lines = std::move(row.field_lines);
    rec.columns = std::move(row.field_columns);
    rec.line = row.line;
    rec.raw = std::move(row.raw);
    sink.user(rec);
    ++stats.records;
  }
  stats.checksum = text.checksum();
  stats.encoding = text.encoding();
  stats.delimiter = delimiter_name(delim);
  return stats;
}

}  // namespace usersync
