#!/usr/bin/env bash
# Writes the XLSX fixtures of usersync's XLSX importer tests, made by real spreadsheet producers:
#
#   tests/e2e/xlsx/make-files.sh OUTDIR
#
# gives OUTDIR/exceljs/{people,dates1904}.xlsx (ExcelJS 4.4.0), OUTDIR/sheetjs/... (SheetJS 0.18.5)
# and OUTDIR/libreoffice/... (soffice --convert-to xlsx from people.fods and dates1904.fods), plus
# OUTDIR/lo-profile (a private LibreOffice profile, so parallel runs don't share one). Each run
# rewrites all six files. Prints nothing on success; fails (non-zero, with a message) if a file is
# not produced. Needs node + npm (first run: npm ci from the registry) and soffice
# (scripts/install-test-tools installs both).
#
# Can also be sourced, for xlsx_install alone (npm ci into tests/e2e/xlsx/node_modules if missing).

XLSX_FIXTURE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Installs ExcelJS and SheetJS (exact versions from package-lock.json) if not there yet.
xlsx_install() {
  if [ ! -d "$XLSX_FIXTURE_DIR/node_modules/exceljs" ] || [ ! -d "$XLSX_FIXTURE_DIR/node_modules/xlsx" ]; then
    npm ci --prefix "$XLSX_FIXTURE_DIR" --no-audit --no-fund --silent
  fi
}

# file:// URL of an absolute path (percent-encodes what is not safe in a URL path).
_xlsx_file_url() {
  local LC_ALL=C path=$1 out="" c i
  for ((i = 0; i < ${#path}; i++)); do
    c=${path:i:1}
    case $c in
      [A-Za-z0-9/._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf 'file://%s' "$out"
}

xlsx_make_files() {
  if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: make-files.sh OUTDIR" >&2
    return 2
  fi
  mkdir -p "$1"
  local out
  out="$(cd "$1" && pwd)"
  local books=(people dates1904) producer book

  xlsx_install
  if ! command -v soffice >/dev/null; then
    echo "make-files.sh: soffice not found (run scripts/install-test-tools)" >&2
    return 1
  fi

  for producer in exceljs sheetjs libreoffice; do
    mkdir -p "$out/$producer"
    for book in "${books[@]}"; do rm -f "$out/$producer/$book.xlsx"; done
  done

  # Both libraries are made to write dates as UTC calendar dates (SheetJS reads local time).
  TZ=UTC node "$XLSX_FIXTURE_DIR/write-exceljs.mjs" "$out/exceljs"
  TZ=UTC node "$XLSX_FIXTURE_DIR/write-sheetjs.mjs" "$out/sheetjs"

  local fods=() log="$out/lo-profile.log"
  for book in "${books[@]}"; do fods+=("$XLSX_FIXTURE_DIR/$book.fods"); done
  # soffice exits 0 even when a conversion fails: the files are checked below.
  if ! soffice "-env:UserInstallation=$(_xlsx_file_url "$out/lo-profile")" --headless --norestore \
      --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$out/libreoffice" "${fods[@]}" \
      </dev/null >"$log" 2>&1; then
    echo "make-files.sh: soffice failed:" >&2
    cat "$log" >&2
    return 1
  fi

  local missing=0
  for producer in exceljs sheetjs libreoffice; do
    for book in "${books[@]}"; do
      if [ ! -s "$out/$producer/$book.xlsx" ]; then
        echo "make-files.sh: $producer did not produce $out/$producer/$book.xlsx" >&2
        missing=1
      fi
    done
  done
  if [ "$missing" -ne 0 ]; then
    echo "make-files.sh: soffice output:" >&2
    cat "$log" >&2
    return 1
  fi
  rm -f "$log"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  xlsx_make_files "$@"
fi
