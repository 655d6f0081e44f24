#!/usr/bin/env python3
"""Writes hostile XLSX files for usersync's XLSX reader into OUTDIR.

    python3 tests/e2e/xlsx/make-hostile.py OUTDIR

Python 3 standard library only (zipfile, zlib, struct). The output is byte-for-byte the same
on every run (fixed timestamps), so a test can rebuild it instead of committing it. Every
file is small on disk (the biggest, many-entries.xlsx, is about 11 MB) even when it inflates
to gigabytes: a bomb is one deflated MiB of spaces repeated into a hand-written entry, never
inflated here, so the script runs in a few seconds. See hostile-README.md for what a
correct reader must do with each file.
"""
import os
import struct
import sys
import time
import zipfile
import zlib

DATE_TIME = (2024, 1, 1, 0, 0, 0)  # fixed, so that the files are reproducible
DOS_TIME = 0
DOS_DATE = ((DATE_TIME[0] - 1980) << 9) | (DATE_TIME[1] << 5) | DATE_TIME[2]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CT_PREFIX = "application/vnd.openxmlformats-officedocument.spreadsheetml."
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DECL_DTD = '<?xml version="1.0" encoding="UTF-8"?>\n'  # the parts with a DOCTYPE

SHEET_PATH = "xl/worksheets/sheet1.xml"
STRINGS = ["username", "email", "alice", "alice@example.com", "bob", "bob@example.com"]
EXPECTED_CSV = "username,email\nalice,alice@example.com\nbob,bob@example.com\n"


def content_types(with_sheet=True):
    overrides = [("/xl/workbook.xml", CT_PREFIX + "sheet.main+xml")]
    if with_sheet:
        overrides.append(("/" + SHEET_PATH, CT_PREFIX + "worksheet+xml"))
    overrides += [("/xl/sharedStrings.xml", CT_PREFIX + "sharedStrings+xml"),
                  ("/xl/styles.xml", CT_PREFIX + "styles+xml")]
    return (DECL + f'<Types xmlns="{NS_CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
            + "</Types>")


ROOT_RELS = (DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
             f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
             "</Relationships>")

WORKBOOK = (DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>")

WORKBOOK_RELS = (DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
                 f'<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                 f'<Relationship Id="rId3" Type="{NS_REL}/styles" Target="styles.xml"/>'
                 "</Relationships>")

STYLES = (DECL + f'<styleSheet xmlns="{NS_MAIN}">'
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill>'
          '<fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
          "</styleSheet>")


def shared_strings(strings=STRINGS, decl=DECL, doctype="", raw=None):
    """`raw` replaces the escaped text of a string: {index: 'xml text'}."""
    raw = raw or {}
    items = "".join(f"<si><t>{raw.get(i, s)}</t></si>" for i, s in enumerate(strings))
    return (decl + doctype + f'<sst xmlns="{NS_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + items + "</sst>")


def s_cell(ref, index):
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def row(n, cells):
    return f'<row r="{n}" spans="1:2">{"".join(cells)}</row>\n'


ROW1 = row(1, [s_cell("A1", 0), s_cell("B1", 1)])
ROW2 = row(2, [s_cell("A2", 2), s_cell("B2", 3)])
ROW3 = row(3, [s_cell("A3", 4), s_cell("B3", 5)])


def sheet_head(decl=DECL, doctype=""):
    # One row per line, so that a parser's line number points at the row.
    return (decl + doctype + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">\n'
            '<dimension ref="A1:B3"/>\n<sheetData>\n')


SHEET_TAIL = "</sheetData>\n</worksheet>\n"


def sheet(rows=(ROW1, ROW2, ROW3), decl=DECL, doctype=""):
    return sheet_head(decl, doctype) + "".join(rows) + SHEET_TAIL


def workbook_parts():
    """The valid minimal workbook, in the order Excel writes its parts."""
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": shared_strings(),
        SHEET_PATH: sheet(),
    }


def zinfo(name, method=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, DATE_TIME)
    info.compress_type = method
    info.create_system = 3  # Unix, whatever the host: reproducible bytes
    info.external_attr = 0o100644 << 16
    return info


def write_xlsx(path, parts, extra=()):
    """parts: {name: str}; extra: (name, bytes) entries appended, stored."""
    with zipfile.ZipFile(path, "w", compresslevel=9) as zf:
        for name, text in parts.items():
            zf.writestr(zinfo(name), text.encode("utf-8"))
        for name, data in extra:
            zf.writestr(zinfo(name, zipfile.ZIP_STORED), data)


def deflate(data, mode=zlib.Z_FINISH):
    """Raw deflate from a fresh compressor (so it refers to nothing before it)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(mode)


def write_raw_zip(path, entries):
    """A zip written byte by byte, so that its headers can say anything. entries: dicts with
    name, pieces (the deflated data, in pieces), crc, claimed_size (what both the local header
    and the central directory say the entry inflates to). No Zip64: every size must fit 32 bits."""
    with open(path, "wb") as f:
        central = []
        for e in entries:
            name = e["name"].encode("utf-8")
            offset = f.tell()
            csize = sum(len(piece) for piece in e["pieces"])
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, DOS_TIME, DOS_DATE,
                                e["crc"], csize, e["claimed_size"], len(name), 0))
            f.write(name)
            for piece in e["pieces"]:
                f.write(piece)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, 0, 8,
                                       DOS_TIME, DOS_DATE, e["crc"], csize, e["claimed_size"],
                                       len(name), 0, 0, 0, 0, 0o100644 << 16, offset) + name)
        cd_offset = f.tell()
        cd = b"".join(central)
        f.write(cd)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), cd_offset, 0))


def raw_entry(name, data):
    return dict(name=name, pieces=[deflate(data)], crc=zlib.crc32(data), claimed_size=len(data))


def whitespace_sheet_entry(mib, claimed_size=None):
    """sheet1.xml: a sheet's start (rows 1-2), `mib` MiB of spaces between rows, then row 3 and the
    end: well-formed XML that inflates about 1000-fold. The spaces are deflated once, 1 MiB from a
    fresh compressor ended by a sync flush (byte-aligned, no back-reference before it), and that
    piece is repeated: a valid deflate stream, built in well under a second, never inflated here."""
    head = (sheet_head() + ROW1 + ROW2).encode("utf-8")
    spaces = b" " * (1 << 20)
    tail = (ROW3 + SHEET_TAIL).encode("utf-8")
    block = deflate(spaces, zlib.Z_SYNC_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(mib):
        crc = zlib.crc32(spaces, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + (mib << 20) + len(tail)
    pieces = [deflate(head, zlib.Z_SYNC_FLUSH)] + [block] * mib + [deflate(tail)]
    return dict(name=SHEET_PATH, pieces=pieces, crc=crc,
                claimed_size=size if claimed_size is None else claimed_size)


# --- the cases ------------------------------------------------------------------------------


def make_valid(out):
    write_xlsx(out, workbook_parts())


def make_not_a_zip(out):
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(EXPECTED_CSV)


def make_truncated(out, valid):
    with open(valid, "rb") as f:
        data = f.read()
    with open(out, "wb") as f:
        f.write(data[: len(data) // 2])


BOMB_MIB = 1907  # 1,999,634,432 bytes of spaces: under 2^31-1, so no Zip64 and no signed 32-bit overflow


def make_bomb_ratio(out):
    """sheet1.xml inflates to ~2.0 GB from ~2 MB; its headers tell the truth."""
    entries = [raw_entry(name, text.encode("utf-8")) for name, text in workbook_parts().items() if name != SHEET_PATH]
    entries.append(whitespace_sheet_entry(BOMB_MIB))
    write_raw_zip(out, entries)


LYING_MIB = 100
LYING_CLAIMED_SIZE = 1000


def make_bomb_lying_header(out):
    """sheet1.xml inflates to ~100 MiB but both its local header and its central-directory entry
    say 1000 bytes; its CRC is that of the real data and its compressed size is true."""
    entries = [raw_entry(name, text.encode("utf-8")) for name, text in workbook_parts().items() if name != SHEET_PATH]
    entries.append(whitespace_sheet_entry(LYING_MIB, claimed_size=LYING_CLAIMED_SIZE))
    write_raw_zip(out, entries)


MANY_ENTRIES = 100_000


def make_many_entries(out):
    # More than 65,535 entries: zipfile has to write a Zip64 end of central directory.
    extra = ((f"filler/{i:06d}.txt", b"x") for i in range(MANY_ENTRIES))
    write_xlsx(out, workbook_parts(), extra)


def make_named_entry(out, name):
    write_xlsx(out, workbook_parts(), [(name, b"usersync hostile test: this entry must never be extracted\n")])


def make_doctype(out):
    parts = workbook_parts()
    parts["xl/sharedStrings.xml"] = shared_strings(decl=DECL_DTD, doctype='<!DOCTYPE sst [<!ENTITY x "y">]>\n',
                                                   raw={2: "&x;"})
    write_xlsx(out, parts)


def make_billion_laughs(out):
    dtd = ['<!DOCTYPE worksheet [\n', ' <!ENTITY lol "lol">\n']
    prev = "lol"
    for i in range(1, 10):
        dtd.append(f' <!ENTITY lol{i} "{("&" + prev + ";") * 10}">\n')
        prev = f"lol{i}"
    dtd.append("]>\n")
    row2 = row(2, ['<c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>', s_cell("B2", 3)])
    parts = workbook_parts()
    parts[SHEET_PATH] = sheet((ROW1, row2, ROW3), decl=DECL_DTD, doctype="".join(dtd))
    write_xlsx(out, parts)


def make_xxe(out):
    row2 = row(2, ['<c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c>', s_cell("B2", 3)])
    parts = workbook_parts()
    parts[SHEET_PATH] = sheet((ROW1, row2, ROW3), decl=DECL_DTD,
                              doctype='<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
    write_xlsx(out, parts)


def make_missing_sheet(out):
    # The workbook's rId1 still says worksheets/sheet1.xml; the part (and its content-type
    # override) is gone, so the dangling relationship is the only defect.
    parts = workbook_parts()
    del parts[SHEET_PATH]
    parts["[Content_Types].xml"] = content_types(with_sheet=False)
    write_xlsx(out, parts)


def make_bad_xml(out):
    # Row 3's B3 <c> is never closed: expat reports a mismatched tag at </row>, line 7.
    row3 = f'<row r="3" spans="1:2">{s_cell("A3", 4)}<c r="B3" t="s"><v>5</v></row>\n'
    parts = workbook_parts()
    parts[SHEET_PATH] = sheet((ROW1, ROW2, row3))
    write_xlsx(out, parts)


def make_bad_shared_index(out):
    parts = workbook_parts()
    parts[SHEET_PATH] = sheet((ROW1, ROW2, row(3, [s_cell("A3", 99), s_cell("B3", 5)])))
    write_xlsx(out, parts)


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.stderr.write("usage: make-hostile.py OUTDIR\n")
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    p = lambda name: os.path.join(outdir, name)  # noqa: E731
    cases = [
        ("valid.xlsx", make_valid),
        ("not-a-zip.xlsx", make_not_a_zip),
        ("truncated.xlsx", lambda o: make_truncated(o, p("valid.xlsx"))),
        ("bomb-ratio.xlsx", make_bomb_ratio),
        ("bomb-lying-header.xlsx", make_bomb_lying_header),
        ("many-entries.xlsx", make_many_entries),
        ("dotdot.xlsx", lambda o: make_named_entry(o, "../../evil.txt")),
        ("absolute.xlsx", lambda o: make_named_entry(o, "/etc/evil.txt")),
        ("doctype.xlsx", make_doctype),
        ("billion-laughs.xlsx", make_billion_laughs),
        ("xxe.xlsx", make_xxe),
        ("missing-sheet.xlsx", make_missing_sheet),
        ("bad-xml.xlsx", make_bad_xml),
        ("bad-shared-index.xlsx", make_bad_shared_index),
    ]
    for name, make in cases:
        start = time.monotonic()
        make(p(name))
        print(f"{name:24} {os.path.getsize(p(name)):>12,} bytes  {time.monotonic() - start:5.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
