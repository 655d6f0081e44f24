#pragma once
#include "importer.h"

namespace usersync {

/// One worksheet of an XLSX workbook (Excel, LibreOffice, Google Sheets, ExcelJS, SheetJS,
/// openpyxl, XlsxWriter) as a table with a header row, like CSV. Options (registry.cpp): `sheet`,
/// `header_row`, `text_columns`. Each value is located as `file!Sheet!B7`.
class XlsxImporter : public Importer {
 public:
  ImportStats read(const SourceSpec& spec, RecordSink& sink) override;
};

}  // namespace usersync
