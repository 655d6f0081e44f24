#pragma once
// Builds small XLSX packages for unit tests, part by part, so each test states the exact XML a
// producer might write. Written with libzip, as a real producer would zip them.
#include <zip.h>

#include <map>
#include <stdexcept>
#include <string>

namespace usersync::test {

/// Writes `parts` (entry name -> content) as a zip archive at `path`.
inline void write_zip(const std::string& path, const std::map<std::string, std::string>& parts) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) throw std::runtime_error("cannot create " + path);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    if (!s || zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) throw std::runtime_error("cannot add " + name);
  }
  if (zip_close(z) != 0) throw std::runtime_error("cannot write " + path);
}

/// The parts of a workbook with one sheet per entry of `sheets` (name -> <sheetData> rows), plus
/// shared strings and styles as given. `extra` adds or replaces parts.
inline std::map<std::string, std::string> workbook_parts(const std::map<int, std::pair<std::string, std::string>>& sheets,
                                                         const std::string& shared_strings = "",
                                                         const std::string& num_fmts = "",
                                                         const std::string& cell_xfs = "<xf numFmtId=\"0\"/>",
                                                         const std::string& workbook_pr = "") {
  std::map<std::string, std::string> parts;
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  std::string book =
      "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
      workbook_pr + "<sheets>";
  std::string rels =
      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  for (const auto& [n, sheet] : sheets) {
    const auto& [name, data] = sheet;
    std::string id = "rId" + std::to_string(n + 10);
    bool hidden = name.rfind("hidden:", 0) == 0;
    std::string shown = hidden ? name.substr(7) : name;
    book += "<sheet name=\"" + shown + "\" sheetId=\"" + std::to_string(n) + "\"" + (hidden ? " state=\"hidden\"" : "") +
            " r:id=\"" + id + "\"/>";
    rels += "<Relationship Id=\"" + id + "\" Type=\"" + rel + "worksheet\" Target=\"worksheets/sheet" +
            std::to_string(n) + ".xml\"/>";
    parts["xl/worksheets/sheet" + std::to_string(n) + ".xml"] =
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData>" +
        data + "</sheetData></worksheet>";
  }
  book += "</sheets></workbook>";
  rels += "<Relationship Id=\"rId1\" Type=\"" + rel + "styles\" Target=\"styles.xml\"/>";
  if (!shared_strings.empty()) {
    rels += "<Relationship Id=\"rId2\" Type=\"" + rel + "sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>";
    parts["xl/sharedStrings.xml"] =
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
        shared_strings + "</sst>";
  }
  rels += "</Relationships>";
  parts["xl/workbook.xml"] = book;
  parts["xl/_rels/workbook.xml.rels"] = rels;
  parts["xl/styles.xml"] =
      "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<numFmts>" +
      num_fmts + "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>" + cell_xfs +
      "</cellXfs></styleSheet>";
  parts["[Content_Types].xml"] = "<?xml version=\"1.0\"?><Types/>";
  return parts;
}

}  // namespace usersync::test
