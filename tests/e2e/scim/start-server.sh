# Helpers for end-to-end tests that need a SCIM 2.0 service: source this file, then
#
#   scim_install                      # once: npm ci into tests/e2e/scim/node_modules if missing
#   export SCIM_TOKEN=some-secret     # the bearer token the server accepts
#   scim_start [--seed FILE] [--max-results N]
#   ... use $SCIM_URL (SCIM base URL) and $SCIM_CONTROL (test controls) ...
#   scim_stop
#
# scim_start exports SCIM_URL=http://127.0.0.1:PORT/scim/v2, SCIM_CONTROL=http://127.0.0.1:PORT/_control,
# SCIM_PID and SCIM_LOG (the server's stdout+stderr). The server also exits by itself once the
# shell that started it is gone, but a test should still call scim_stop (e.g. from its EXIT trap).
# Safe under `set -euo pipefail`.

SCIM_SERVER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Installs the server's npm packages (exact versions from package-lock.json) if not there yet.
scim_install() {
  if [ ! -d "$SCIM_SERVER_DIR/node_modules/scimmy-routers" ]; then
    npm ci --prefix "$SCIM_SERVER_DIR" --no-audit --no-fund --silent
  fi
}

# True while process $1 runs. The server is not our child, so once it exits it may linger as a
# zombie (kill -0 still succeeds) until init reaps it: those count as gone.
_scim_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

# scim_start [server args...]: starts the server in the background and waits for its port.
scim_start() {
  if [ -z "${SCIM_TOKEN:-}" ]; then
    echo "scim_start: SCIM_TOKEN is not set" >&2
    return 1
  fi
  if [ -n "${SCIM_PID:-}" ] && _scim_alive "$SCIM_PID"; then
    echo "scim_start: a server is already running (pid $SCIM_PID); call scim_stop first" >&2
    return 1
  fi
  SCIM_RUN_DIR=$(mktemp -d)
  local port_file="$SCIM_RUN_DIR/port"
  export SCIM_LOG="$SCIM_RUN_DIR/server.log"
  # Started from a subshell, so the server is not a job of the caller's shell (a bare `wait`
  # in a test would otherwise wait for it forever).
  SCIM_PID=$(
    SCIM_TOKEN="$SCIM_TOKEN" node "$SCIM_SERVER_DIR/server.mjs" --port-file "$port_file" \
      --parent-pid "$$" "$@" </dev/null >"$SCIM_LOG" 2>&1 &
    echo $!
  )
  export SCIM_PID
  local i
  for ((i = 0; i < 100; i++)); do
    if [ -s "$port_file" ]; then
      local port
      port=$(cat "$port_file")
      export SCIM_URL="http://127.0.0.1:$port/scim/v2"
      export SCIM_CONTROL="http://127.0.0.1:$port/_control"
      return 0
    fi
    if ! _scim_alive "$SCIM_PID"; then
      echo "scim_start: the server exited before listening:" >&2
      cat "$SCIM_LOG" >&2
      scim_stop
      return 1
    fi
    sleep 0.1
  done
  echo "scim_start: no port after 10 s; server output:" >&2
  cat "$SCIM_LOG" >&2
  scim_stop
  return 1
}

# scim_stop: stops the server started by scim_start (if any) and removes its scratch folder.
scim_stop() {
  if [ -n "${SCIM_PID:-}" ] && kill "$SCIM_PID" 2>/dev/null; then
    local i
    for ((i = 0; i < 50; i++)); do
      _scim_alive "$SCIM_PID" || break
      sleep 0.1
    done
    if _scim_alive "$SCIM_PID"; then kill -KILL "$SCIM_PID" 2>/dev/null || true; fi
  fi
  if [ -n "${SCIM_RUN_DIR:-}" ]; then
    rm -rf "$SCIM_RUN_DIR"
  fi
  unset SCIM_PID SCIM_URL SCIM_CONTROL SCIM_LOG SCIM_RUN_DIR
}
