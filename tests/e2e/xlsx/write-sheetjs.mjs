// Writes OUTDIR/people.xlsx and OUTDIR/dates1904.xlsx with SheetJS (the community "xlsx" package,
// its ordinary utils + writeFile API and default write options), the same content as people.fods /
// dates1904.fods. Usage: node write-sheetjs.mjs OUTDIR
//
// SheetJS turns a JavaScript Date into a serial number from its LOCAL time, so dates are made with
// the local-time Date constructor and the process runs in UTC (make-files.sh sets TZ=UTC too).
// Limits of SheetJS 0.18.5 (see README.md): no rich text when writing (username is plain text), and
// Date cells ignore the workbook's 1904 date system, so dates1904 gets 1904-based serial numbers
// computed here, as an app writing a 1904 workbook with SheetJS has to.
process.env.TZ = 'UTC';
import path from 'node:path';
import XLSX from 'xlsx'; // CommonJS build under Node (reads and writes files itself)

const outDir = process.argv[2];
if (!outDir || process.argv.length !== 3) {
  console.error('usage: node write-sheetjs.mjs OUTDIR');
  process.exit(2);
}

const DATE = 'yyyy-mm-dd';
const US_DATE = 'm/d/yy'; // SheetJS's name for the built-in numFmtId 14
const DATETIME = 'yyyy-mm-dd hh:mm:ss';
const date = (y, m, d, hh = 0, mm = 0, ss = 0) => new Date(y, m - 1, d, hh, mm, ss);
const dateCell = (v, z) => ({ t: 'd', v, z });
const email = (row, user) => ({ t: 's', f: `B${row}&"@example.com"`, v: `${user}@example.com` });

function people(file) {
  const wb = XLSX.utils.book_new();

  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['not this sheet']]), 'Notes');
  XLSX.utils.book_set_sheet_visibility(wb, 'Notes', XLSX.utils.consts.SHEET_HIDDEN);

  const ws = XLSX.utils.aoa_to_sheet([
    ['HR export 2026-11'],
    [],
    ['employee_id', 'username', 'first_name', 'last_name', 'email', 'active', 'start_date',
      'last_login', null, 'badge', 'department', 'note'],
    [{ t: 's', v: '00123', z: '@' }, 'hana.sato', 'Hana', 'Sato', email(4, 'hana.sato'), true,
      dateCell(date(2019, 4, 1), DATE), dateCell(date(2026, 11, 30, 8, 15, 0), DATETIME), null,
      1234567890123456, 'Sales', '=literal text'],
    [{ t: 's', v: '00456', z: '@' }, 'eve.muller', 'Eve', 'Müller', email(5, 'eve.muller'), true,
      dateCell(date(2020, 2, 29), US_DATE), null, null,
      { t: 'n', v: 42, z: '000000' }, null, 'line1\nline2'],
    [{ t: 's', v: '00789', z: '@' }, 'max.weber', 'Max', 'Weber', email(6, 'max.weber'), false,
      dateCell(date(1999, 12, 31), DATE), dateCell(date(2026, 11, 29, 23, 59, 59), DATETIME), null,
      7, 'R&D <Labs>', '  spaced  '],
    [],
    [{ t: 's', v: '01000', z: '@' }, 'zoe.lukasz', 'Zoë', '山田', email(8, 'zoe.lukasz'), true,
      dateCell(date(2026, 1, 15), DATE), dateCell(date(2025, 1, 1, 0, 0, 0), DATETIME), null,
      3.5, 'Ops'],
  ]);
  ws['!rows'] = [];
  ws['!rows'][5] = { hidden: true }; // row 6
  XLSX.utils.book_append_sheet(wb, ws, 'People');

  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
    ['username', 'score'],
    ['x', { t: 'e', v: 0x07, f: '1/0' }], // 0x07 = #DIV/0!
  ]), 'Errors');

  XLSX.writeFile(wb, file);
}

function dates1904(file) {
  // Serial number of a (UTC) date in the 1904 date system: days since 1904-01-01.
  const serial1904 = (d) => (d.getTime() - Date.UTC(1904, 0, 1)) / 86400000;
  const wb = XLSX.utils.book_new();
  wb.Workbook = { WBProps: { date1904: true } };
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
    ['username', 'hired'],
    ['a.b', { t: 'n', v: serial1904(date(2001, 5, 6)), z: DATE }],
    ['c.d', { t: 'n', v: serial1904(date(1904, 1, 2, 12, 0, 0)), z: DATETIME }],
  ]), 'Staff');
  XLSX.writeFile(wb, file);
}

people(path.join(outDir, 'people.xlsx'));
dates1904(path.join(outDir, 'dates1904.xlsx'));
