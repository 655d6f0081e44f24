// Plays an admin editing an exported workbook in a spreadsheet program: ExcelJS reads IN.xlsx,
// applies the edits in order and writes the whole workbook back to OUT.xlsx (a real producer
// rewriting the file, with whatever ExcelJS keeps or drops on the way; see README.md).
//
// Usage: node edit-workbook.mjs IN.xlsx OUT.xlsx EDIT...
//
//   set:USERNAME:COLUMN=VALUE     on sheet "Users" (header row 1), the row whose username cell is
//                                 exactly USERNAME: the cell under header COLUMN becomes the text
//                                 VALUE (everything after the first '=', commas included); an
//                                 empty VALUE clears the cell (its style stays)
//   add:COLUMN=VALUE,COLUMN=VALUE a new row after the last non-empty row of "Users", these cells
//                                 as text, the others empty (split on ',', then on the first '=')
//   delete:USERNAME               that user's row is removed (spliceRows: the rows below move up)
//   setcell:SHEET!A1=VALUE        any cell of any sheet (hidden ones too) becomes the text VALUE,
//                                 empty clears it; SHEET may contain spaces and may be quoted 'so'
//
// USERNAME and COLUMN are matched exactly (case and spaces count) against the cells' text (rich
// text joined, a formula's cached result). Exit 1 with a message when a sheet, column or user is
// not found or is ambiguous (two headers COLUMN, two rows for USERNAME); exit 2 on bad usage.
import ExcelJS from 'exceljs';

const USAGE = 'usage: node edit-workbook.mjs IN.xlsx OUT.xlsx EDIT...\n' +
  '  EDIT: set:USERNAME:COLUMN=VALUE | add:COLUMN=VALUE,... | delete:USERNAME | setcell:SHEET!A1=VALUE';

class EditError extends Error {}

function usage(message) {
  console.error(`edit-workbook: ${message}\n${USAGE}`);
  process.exit(2);
}

// The text a cell shows, for matching headers and usernames.
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
  if ('text' in v) return cellText(v.text); // hyperlink
  if ('error' in v) return String(v.error);
  return String(v);
}

// Parses one EDIT argument into {kind, ...}; usage() on a malformed one.
function parseEdit(arg) {
  const colon = arg.indexOf(':');
  const kind = colon < 0 ? '' : arg.slice(0, colon);
  const rest = colon < 0 ? '' : arg.slice(colon + 1);
  switch (kind) {
    case 'set': {
      const eq = rest.indexOf('=');
      const target = eq < 0 ? '' : rest.slice(0, eq);
      const sep = target.lastIndexOf(':');
      if (eq < 0 || sep <= 0 || sep === target.length - 1) usage(`bad edit ${JSON.stringify(arg)}`);
      return { kind, user: target.slice(0, sep), column: target.slice(sep + 1), value: rest.slice(eq + 1) };
    }
    case 'add': {
      const cells = [];
      for (const part of rest.split(',')) {
        const eq = part.indexOf('=');
        if (eq <= 0) usage(`bad edit ${JSON.stringify(arg)}: ${JSON.stringify(part)} is not COLUMN=VALUE`);
        cells.push({ column: part.slice(0, eq), value: part.slice(eq + 1) });
      }
      return { kind, cells };
    }
    case 'delete':
      if (rest === '') usage(`bad edit ${JSON.stringify(arg)}`);
      return { kind, user: rest };
    case 'setcell': {
      const m = /^(.+?)!\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)=(.*)$/s.exec(rest);
      if (!m) usage(`bad edit ${JSON.stringify(arg)}: expected setcell:SHEET!A1=VALUE`);
      let sheet = m[1];
      if (sheet.length >= 2 && sheet.startsWith("'") && sheet.endsWith("'")) {
        sheet = sheet.slice(1, -1).replaceAll("''", "'");
      }
      return { kind, sheet, address: `${m[2].toUpperCase()}${m[3]}`, value: m[4] };
    }
    default:
      return usage(`bad edit ${JSON.stringify(arg)}: expected set:, add:, delete: or setcell:`);
  }
}

function sheetNamed(wb, name) {
  const ws = wb.worksheets.find((w) => w.name === name);
  if (!ws) {
    const names = wb.worksheets.map((w) => JSON.stringify(w.name)).join(', ');
    throw new EditError(`sheet ${JSON.stringify(name)} not found (sheets: ${names})`);
  }
  return ws;
}

function columnNumber(ws, header) {
  const found = [];
  ws.getRow(1).eachCell((cell, col) => {
    if (cellText(cell.value) === header) found.push(col);
  });
  if (found.length === 0) {
    const headers = [];
    ws.getRow(1).eachCell((cell) => headers.push(JSON.stringify(cellText(cell.value))));
    throw new EditError(`column ${JSON.stringify(header)} not found in row 1 of sheet ` +
      `${JSON.stringify(ws.name)} (headers: ${headers.join(', ')})`);
  }
  if (found.length > 1) {
    throw new EditError(`column ${JSON.stringify(header)} is in row 1 of sheet ` +
      `${JSON.stringify(ws.name)} ${found.length} times`);
  }
  return found[0];
}

function userRow(ws, user) {
  const col = columnNumber(ws, 'username');
  const found = [];
  ws.eachRow((row, n) => {
    if (n > 1 && cellText(row.getCell(col).value) === user) found.push(n);
  });
  if (found.length === 0) {
    throw new EditError(`user ${JSON.stringify(user)} not found in column username of sheet ` +
      `${JSON.stringify(ws.name)}`);
  }
  if (found.length > 1) {
    throw new EditError(`user ${JSON.stringify(user)} is in rows ${found.join(', ')} of sheet ` +
      `${JSON.stringify(ws.name)}`);
  }
  return found[0];
}

function setText(cell, value) {
  cell.value = value === '' ? null : value;
}

function lastNonEmptyRow(ws) {
  let last = 0;
  ws.eachRow((row, n) => {
    let filled = false;
    row.eachCell((cell) => { if (cellText(cell.value) !== '') filled = true; });
    if (filled) last = n;
  });
  return last;
}

function apply(wb, edit) {
  switch (edit.kind) {
    case 'set': {
      const ws = sheetNamed(wb, 'Users');
      const col = columnNumber(ws, edit.column);
      setText(ws.getRow(userRow(ws, edit.user)).getCell(col), edit.value);
      break;
    }
    case 'add': {
      const ws = sheetNamed(wb, 'Users');
      const cols = edit.cells.map((c) => columnNumber(ws, c.column)); // all checked before writing
      const row = ws.getRow(lastNonEmptyRow(ws) + 1);
      edit.cells.forEach((c, i) => setText(row.getCell(cols[i]), c.value));
      break;
    }
    case 'delete': {
      const ws = sheetNamed(wb, 'Users');
      ws.spliceRows(userRow(ws, edit.user), 1);
      break;
    }
    case 'setcell': {
      const ws = sheetNamed(wb, edit.sheet);
      setText(ws.getCell(edit.address), edit.value);
      break;
    }
    default:
      throw new Error(`unknown edit kind ${edit.kind}`);
  }
}

const [input, output, ...args] = process.argv.slice(2);
if (!input || !output || args.length === 0) usage('need IN.xlsx, OUT.xlsx and at least one EDIT');
const edits = args.map(parseEdit);

try {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(input);
  edits.forEach((edit, i) => {
    try {
      apply(wb, edit);
    } catch (e) {
      if (e instanceof EditError) e.message = `${args[i]}: ${e.message}`;
      throw e;
    }
  });
  await wb.xlsx.writeFile(output);
} catch (e) {
  console.error(`edit-workbook: ${e instanceof EditError ? e.message : (e.stack || e)}`);
  process.exit(1);
}
