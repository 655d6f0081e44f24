#include "change_files.h"

namespace usersync {

std::string safe_csv_cell(std::string_view text) {
  std::string cell;
  if (!text.empty() &&
      (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
    cell += '\'';
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void write_changes_csv(std::ostream& out, const std::vector<Change>& changes) {
  out << "user,kind,group,attribute,from,to,reasons\r\n";
  auto row = [&](const Change& c, std::string_view attribute, std::string_view from, std::string_view to,
                 const std::string& reasons) {
    out << safe_csv_cell(c.username) << ',' << to_string(c.kind) << ',' << safe_csv_cell(c.group) << ','
        << safe_csv_cell(attribute) << ',' << safe_csv_cell(from) << ',' << safe_csv_cell(to) << ','
        << safe_csv_cell(reasons) << "\r\n";
  };
  for (const auto& c : changes) {
    std::string reasons;
    for (const auto& r : c.reasons) reasons += (reasons.empty() ? "" : ";") + r;
    row(c, c.attribute, c.from.value_or(""), c.to.value_or(""), reasons);
    // A created user's attributes follow their create, one row each, so the file says everything
    // the far side needs to create the account.
    for (const auto& [k, v] : c.attrs.entries()) row(c, k, "", v, reasons);
  }
}

}  // namespace usersync
