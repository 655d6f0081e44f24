#include "xlsx_workbook.h"

#include <charconv>
#include <map>

#include "model/errors.h"
#include "model/text.h"
#include "xml_stream.h"

namespace usersync {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::uint64_t to_index(std::string_view text, std::uint64_t fallback) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && p == text.data() + text.size() ? v : fallback;
}

/// A package's relationships part: id -> (type, target part).
struct Relationships : XmlHandler {
  std::string from;
  std::map<std::string, std::pair<std::string, std::string>> by_id;
  void start(std::string_view name, const std::vector<XmlAttribute>& a) override {
    if (name != "Relationship" || attribute(a, "TargetMode") == "External") return;
    by_id[std::string(attribute(a, "Id"))] = {std::string(attribute(a, "Type")),
                                              resolve_part(from, attribute(a, "Target"))};
  }
  /// The target of the first relationship whose type ends with `type`, or "".
  std::string of_type(std::string_view type) const {
    for (const auto& [id, rel] : by_id)
      if (ends_with(rel.first, type)) return rel.second;
    return {};
  }
};

std::string rels_part_of(std::string_view part) {
  auto slash = part.rfind('/');
  std::string folder(slash == std::string_view::npos ? "" : part.substr(0, slash + 1));
  return folder + "_rels/" + std::string(slash == std::string_view::npos ? part : part.substr(slash + 1)) + ".rels";
}

struct WorkbookPart : XmlHandler {
  struct Entry {
    std::string name, rel_id;
    bool hidden;
  };
  std::vector<Entry> sheets;
  bool date1904 = false;
  void start(std::string_view name, const std::vector<XmlAttribute>& a) override {
    if (name == "workbookPr") {
      auto v = attribute(a, "date1904");
      date1904 = v == "1" || v == "true";
    } else if (name == "sheet") {
      auto state = attribute(a, "state");
      sheets.push_back({std::string(attribute(a, "name")), std::string(attribute(a, "id")),
                        state == "hidden" || state == "veryHidden"});
    }
  }
};

/// sharedStrings.xml: every <si> is one string, its <t> texts joined (rich text runs), phonetic
/// guides (<rPh>) left out.
struct SharedStringsPart : XmlHandler {
  /// The table is held in memory (a sheet refers to any string at any time): bounded, so a small
  /// file cannot make it take gigabytes. A million people's names and emails are far below.
  static constexpr std::uint64_t kMaxBytes = 512ull << 20;
  static constexpr std::uint64_t kMaxStrings = 20'000'000;
  std::vector<std::string>& out;
  std::string current;
  std::uint64_t bytes = 0;
  bool in_text = false;
  int phonetic = 0;
  std::string where;
  explicit SharedStringsPart(std::vector<std::string>& o, std::string w) : out(o), where(std::move(w)) {}
  void start(std::string_view name, const std::vector<XmlAttribute>&) override {
    if (name == "si") current.clear();
    if (name == "rPh") ++phonetic;
    if (name == "t") in_text = phonetic == 0;
  }
  void end(std::string_view name) override {
    if (name == "t") in_text = false;
    if (name == "rPh") --phonetic;
    if (name == "si") {
      bytes += current.size() + 32;
      if (bytes > kMaxBytes || out.size() >= kMaxStrings)
        throw InputError(where + ": the shared strings take more than 512 MiB or 20 million entries; refused (a "
                                 "workbook of a million users needs a fraction of that)");
      out.push_back(unescape_ooxml(current));
    }
  }
  void text(std::string_view piece) override {
    if (in_text) current.append(piece);
  }
};

/// styles.xml: the custom number formats and, per cell style (<cellXfs><xf>), its format.
struct StylesPart : XmlHandler {
  std::map<int, std::string> codes;
  std::vector<int> xf_formats;
  bool in_cell_xfs = false;
  void start(std::string_view name, const std::vector<XmlAttribute>& a) override {
    if (name == "numFmt") {
      codes[static_cast<int>(to_index(attribute(a, "numFmtId"), 0))] = std::string(attribute(a, "formatCode"));
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      xf_formats.push_back(static_cast<int>(to_index(attribute(a, "numFmtId"), 0)));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
};

}  // namespace

std::string resolve_part(std::string_view from_part, std::string_view target) {
  std::vector<std::string> parts;
  if (!target.empty() && target.front() == '/') {
    target.remove_prefix(1);
  } else {
    auto slash = from_part.rfind('/');
    if (slash != std::string_view::npos)
      for (auto& p : split_list(std::string(from_part.substr(0, slash)), "/")) parts.push_back(p);
  }
  for (auto& p : split_list(std::string(target), "/")) {
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (p != "." && !p.empty()) {
      parts.push_back(p);
    }
  }
  return join(parts, "/");
}

void parse_part(ZipArchive& zip, const std::string& name, XmlHandler& handler) {
  XmlStream xml(handler, zip.name() + " (part " + name + ")");
  bool go = true;
  zip.read(name, [&](std::string_view chunk) { return go = xml.feed(chunk); });
  if (go) xml.finish();
}

XlsxWorkbook::XlsxWorkbook(ZipArchive& zip) : zip_(zip) {
  Relationships package;
  if (zip.find("_rels/.rels")) parse_part(zip, *zip.find("_rels/.rels"), package);
  std::string workbook = package.of_type("/officeDocument");
  if (workbook.empty()) workbook = "xl/workbook.xml";
  auto stored = zip.find(workbook);
  if (!stored)
    throw InputError(zip.name() + ": not an XLSX workbook: it has no " + workbook +
                     " (a .docx, .pptx or .ods saved with the wrong name?)");
  WorkbookPart book;
  parse_part(zip, *stored, book);
  date1904_ = book.date1904;

  Relationships rels;
  rels.from = workbook;
  if (auto r = zip.find(rels_part_of(workbook))) parse_part(zip, *r, rels);
  int position = 0;
  for (auto& s : book.sheets) {
    ++position;
    auto it = rels.by_id.find(s.rel_id);
    if (it == rels.by_id.end())
      throw InputError(zip.name() + ": the workbook is damaged: sheet '" + s.name + "' refers to relationship '" +
                       s.rel_id + "', which " + rels_part_of(workbook) + " does not have");
    // A chart sheet or dialog sheet has no cells: it is listed, but never selected by default.
    bool worksheet = ends_with(it->second.first, "/worksheet");
    if (!worksheet) continue;
    sheets_.push_back({s.name, it->second.second, s.hidden, position});
  }
  if (sheets_.empty()) throw InputError(zip.name() + ": the workbook has no worksheet");

  std::string styles = rels.of_type("/styles");
  if (auto part = styles.empty() ? std::nullopt : zip.find(styles)) {
    StylesPart sp;
    parse_part(zip, *part, sp);
    styles_.reserve(sp.xf_formats.size());
    for (int id : sp.xf_formats) {
      auto code = sp.codes.find(id);
      styles_.push_back(classify_number_format(id, code == sp.codes.end() ? std::string_view{} : code->second));
    }
  }
  std::string strings = rels.of_type("/sharedStrings");
  if (auto part = strings.empty() ? std::nullopt : zip.find(strings)) {
    SharedStringsPart sp(shared_, zip.name() + " (part " + *part + ")");
    parse_part(zip, *part, sp);
  }
}

const SheetInfo& XlsxWorkbook::select(std::string_view option) const {
  if (option.empty()) {
    for (const auto& s : sheets_)
      if (!s.hidden) return s;
    return sheets_.front();
  }
  for (const auto& s : sheets_)
    if (iequals(s.name, option)) return s;
  auto position = to_index(option, 0);
  for (const auto& s : sheets_)
    if (position > 0 && s.position == static_cast<int>(position)) return s;
  std::vector<std::string> names;
  for (const auto& s : sheets_) names.push_back("'" + s.name + "'" + (s.hidden ? " (hidden)" : ""));
  throw InputError(zip_.name() + ": the workbook has no sheet '" + std::string(option) +
                   "'; expected a sheet name or a 1-based position. Its sheets: " + join(names, ", "));
}

}  // namespace usersync
