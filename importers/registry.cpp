#include "registry.h"

#include <array>

#include "csv_importer.h"
#include "dump_importer.h"
#include "keycloak_export_importer.h"
#include "ldif_importer.h"
#include "xlsx_importer.h"

namespace usersync {

namespace {
template <class T>
std::unique_ptr<Importer> make() {
  return std::make_unique<T>();
}
template <DumpProvider P>
std::unique_ptr<Importer> make_dump() {
  return std::make_unique<DumpImporter>(P);
}

constexpr FormatOption kCsvOptions[] = {
    {"delimiter", "the field separator: comma, semicolon, tab, pipe or one character; detected when unset"},
    {"encoding", "auto (byte-order mark, else UTF-8), utf-8, utf-16le or utf-16be"},
    {"lenient_quotes", "true keeps a quote inside an unquoted field as text instead of refusing the row"}};
constexpr FormatOption kNestedGroups{
    "nested_groups",
    "flatten: a member of a group inside a group is a member of both (at any depth); ignore (the default): only "
    "direct memberships count",
    false, "ignore|flatten"};
constexpr FormatOption kStatusOption[] = {
    {"active_statuses", "the status values that mean an account is active; every other status is inactive", true}};
constexpr FormatOption kNestedOption[] = {kNestedGroups};
constexpr FormatOption kLdifOptions[] = {
    {"user_classes", "objectClass values of the entries that are people (any of them)", true},
    {"group_classes", "objectClass values of the entries that are groups (any of them)", true},
    kNestedGroups};

constexpr FormatOption kXlsxOptions[] = {
    {"sheet", "the sheet to read, by name or 1-based position; the first visible sheet when unset"},
    {"header_row", "the row of column names (a number); when unset, the first row that names every field the "
                   "mapping reads"},
    {"text_columns",
     "columns of identifiers: their numbers are written digit for digit (no rounding), never read as dates", true}};

const std::array<ImporterInfo, 11> kImporters{{
    {"csv", "CSV or delimited text with a header row (RFC 4180; UTF-8 or UTF-16 with BOM)", &make<CsvImporter>, false, false,
     kCsvOptions},
    {"xlsx", "one sheet of an Excel workbook (.xlsx: Excel, LibreOffice, Google Sheets, ...) with a header row",
     &make<XlsxImporter>, false, false, kXlsxOptions},
    {"okta", "a folder of Okta API answers (/api/v1/users, /groups, /groups/{id}/users)", &make_dump<DumpProvider::okta>,
     true, true, kStatusOption},
    {"graph", "a folder of Microsoft Graph answers (/users, /groups, /groups/{id}/members): Entra ID",
     &make_dump<DumpProvider::graph>, true, true, kNestedOption},
    {"entra", "another name for graph", &make_dump<DumpProvider::graph>, true, true, kNestedOption, "graph"},
    {"google", "a folder of Google Admin SDK Directory answers (users.list, groups.list, members.list)",
     &make_dump<DumpProvider::google>, true, true, kNestedOption},
    {"keycloak", "a folder of Keycloak admin API answers (users, groups, groups/{id}/children, groups/{id}/members)",
     &make_dump<DumpProvider::keycloak>, true, true, kNestedOption},
    {"keycloak-export", "a Keycloak realm export (kc.sh export), one JSON file with users and groups",
     &make<KeycloakExportImporter>, false, true, kNestedOption},
    {"onelogin", "a folder of OneLogin API v2 answers (users, roles, roles/{id}/users); roles are the groups",
     &make_dump<DumpProvider::onelogin>, true, true, kStatusOption},
    {"scim", "a folder of SCIM 2.0 ListResponse pages (users-page-N.json, groups-page-N.json; RFC 7644)",
     &make_dump<DumpProvider::scim>, true, true, kNestedOption},
    {"ldif", "LDIF (RFC 2849) as ldapsearch writes it from Active Directory or OpenLDAP: one file, a folder or a glob",
     &make<LdifImporter>, true, true, kLdifOptions, {}, true},
}};
}  // namespace

std::span<const ImporterInfo> importer_table() { return kImporters; }

const ImporterInfo* find_importer(std::string_view format) {
  for (const auto& row : kImporters)
    if (row.format == format) return row.alias_of.empty() ? &row : find_importer(row.alias_of);
  return nullptr;
}

std::string_view folder_extension(const ImporterInfo& info) {
  if (!info.many_files) return {};
  return info.format == "ldif" ? ".ldif" : ".json";
}

const FormatOption* find_option(const ImporterInfo& info, std::string_view name) {
  for (const auto& o : info.options)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace usersync
