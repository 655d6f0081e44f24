#!/usr/bin/env bash
# The report.html browser test's tools. Source this file, then
#
#   html_install          # once: npm ci into tests/e2e/html/node_modules if missing
#   html_check REPORT.html EXPECTATIONS.json SCREENSHOT.png
#
# html_check runs check-report.mjs: Debian's headless Chromium (/usr/bin/chromium, installed by
# scripts/install-test-tools; playwright-core drives it and never downloads a browser of its own)
# opens the page from disk and checks what it shows. Safe under `set -euo pipefail`.

HTML_DRIVER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Installs playwright-core (the exact version of package-lock.json) if not there yet.
html_install() {
  if [ ! -d "$HTML_DRIVER_DIR/node_modules/playwright-core" ]; then
    npm ci --prefix "$HTML_DRIVER_DIR" --no-audit --no-fund --silent
  fi
}

html_check() {
  html_install
  node "$HTML_DRIVER_DIR/check-report.mjs" "$@"
}
