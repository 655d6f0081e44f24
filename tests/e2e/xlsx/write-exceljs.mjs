// Writes OUTDIR/people.xlsx and OUTDIR/dates1904.xlsx with ExcelJS (its ordinary workbook API),
// the same content as people.fods / dates1904.fods. Usage: node write-exceljs.mjs OUTDIR
// ExcelJS turns a JavaScript Date into a serial number from its UTC time, so dates are made with
// Date.UTC.
import path from 'node:path';
import ExcelJS from 'exceljs';

const outDir = process.argv[2];
if (!outDir || process.argv.length !== 3) {
  console.error('usage: node write-exceljs.mjs OUTDIR');
  process.exit(2);
}

const DATE = 'yyyy-mm-dd';
const US_DATE = 'mm-dd-yy'; // ExcelJS writes this code as the built-in numFmtId 14 (m/d/yyyy)
const DATETIME = 'yyyy-mm-dd hh:mm:ss';
const utc = (y, m, d, hh = 0, mm = 0, ss = 0) => new Date(Date.UTC(y, m - 1, d, hh, mm, ss));

async function people(file) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'usersync tests';

  const notes = wb.addWorksheet('Notes', { state: 'hidden' });
  notes.getCell('A1').value = 'not this sheet';

  const ws = wb.addWorksheet('People');
  ws.getCell('A1').value = 'HR export 2026-11';
  ws.getRow(3).values = ['employee_id', 'username', 'first_name', 'last_name', 'email', 'active',
    'start_date', 'last_login', null, 'badge', 'department', 'note'];

  const rows = [
    { r: 4, id: '00123', user: { richText: [{ font: { bold: true }, text: 'hana.' }, { text: 'sato' }] },
      plain: 'hana.sato', first: 'Hana', last: 'Sato', active: true,
      start: [utc(2019, 4, 1), DATE], login: utc(2026, 11, 30, 8, 15, 0),
      badge: [1234567890123456, null], dept: 'Sales', note: '=literal text' },
    { r: 5, id: '00456', user: 'eve.muller', first: 'Eve', last: 'Müller', active: true,
      start: [utc(2020, 2, 29), US_DATE], login: null,
      badge: [42, '000000'], dept: null, note: 'line1\nline2' },
    { r: 6, id: '00789', user: 'max.weber', first: 'Max', last: 'Weber', active: false,
      start: [utc(1999, 12, 31), DATE], login: utc(2026, 11, 29, 23, 59, 59),
      badge: [7, null], dept: 'R&D <Labs>', note: '  spaced  ', hidden: true },
    { r: 8, id: '01000', user: 'zoe.lukasz', first: 'Zoë', last: '山田', active: true,
      start: [utc(2026, 1, 15), DATE], login: utc(2025, 1, 1, 0, 0, 0),
      badge: [3.5, null], dept: 'Ops', note: null },
  ];
  for (const p of rows) {
    const row = ws.getRow(p.r);
    row.getCell('A').value = p.id;
    row.getCell('A').numFmt = '@';
    row.getCell('B').value = p.user;
    row.getCell('C').value = p.first;
    row.getCell('D').value = p.last;
    const user = p.plain ?? p.user;
    row.getCell('E').value = { formula: `B${p.r}&"@example.com"`, result: `${user}@example.com` };
    row.getCell('F').value = p.active;
    row.getCell('G').value = p.start[0];
    row.getCell('G').numFmt = p.start[1];
    if (p.login) {
      row.getCell('H').value = p.login;
      row.getCell('H').numFmt = DATETIME;
    }
    row.getCell('J').value = p.badge[0];
    if (p.badge[1]) row.getCell('J').numFmt = p.badge[1];
    if (p.dept !== null) row.getCell('K').value = p.dept;
    if (p.note !== null) row.getCell('L').value = p.note;
    if (p.note && p.note.includes('\n')) row.getCell('L').alignment = { wrapText: true };
    if (p.hidden) row.hidden = true;
  }

  const errors = wb.addWorksheet('Errors');
  errors.getCell('A1').value = 'username';
  errors.getCell('B1').value = 'score';
  errors.getCell('A2').value = 'x';
  errors.getCell('B2').value = { formula: '1/0', result: { error: '#DIV/0!' } };

  wb.views = [{ activeTab: 1, firstSheet: 1 }];
  await wb.xlsx.writeFile(file);
}

async function dates1904(file) {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet('Staff');
  ws.getCell('A1').value = 'username';
  ws.getCell('B1').value = 'hired';
  ws.getCell('A2').value = 'a.b';
  ws.getCell('B2').value = utc(2001, 5, 6);
  ws.getCell('B2').numFmt = DATE;
  ws.getCell('A3').value = 'c.d';
  ws.getCell('B3').value = utc(1904, 1, 2, 12, 0, 0);
  ws.getCell('B3').numFmt = DATETIME;
  await wb.xlsx.writeFile(file);
}

await people(path.join(outDir, 'people.xlsx'));
await dates1904(path.join(outDir, 'dates1904.xlsx'));
