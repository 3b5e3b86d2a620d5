#!/usr/bin/env bash
# Runs the public xAPI LRS conformance test suite (github.com/adlnet/lrs-conformance-test-suite) against a local server.
#
#   ops/xapi/conformance.sh <path to the suite checkout> [--no-build] [suite options, e.g. -g "Communication 2.1"]
#
# The suite is a tool we run, not part of the project: check it out anywhere and `npm install` there first. It is not on
# npm, so this is not part of .ci/run (docs/XAPI.md keeps the last measured totals).
#
# What it does:
#   1. builds the server (Release, without the web pages) unless --no-build;
#   2. starts it on SQLite in a temp directory on a free loopback port (Staging, local tokens allowed, the per-address and
#      per-user rate limits raised: every request of the suite comes from 127.0.0.1);
#   3. signs in as an admin with a local token and creates a service account with every xAPI scope
#      (statements/write, statements/read, state, profile);
#   4. runs the suite's xAPI 1.0.3 tests with that account's client id and secret as HTTP Basic (plain HTTP is taken
#      from loopback), and prints the totals and the failed tests (title and the suite's error), one a line;
#   5. stops the server and removes the temp directory, whatever happened.
# The suite's own run log (every test and its requests) stays in <suite>/logs/.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
[[ $# -ge 1 && -d $1 ]] || { echo "usage: $0 <path to lrs-conformance-test-suite> [--no-build] [suite options]" >&2; exit 2; }
SUITE="$(cd -- "$1" && pwd -P)"; shift
BUILD=1; SUITE_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        *) SUITE_ARGS+=("$arg") ;;
    esac
done
[[ -d $SUITE/node_modules ]] || { echo "run npm install in $SUITE first" >&2; exit 2; }
log() { printf '[conformance.sh %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

WORK=""; SERVER_PID=""
cleanup() {
    set +e
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null
    fi
    [[ -n $WORK && -d $WORK ]] && rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1
if [[ $BUILD == 1 ]]; then
    log "building (Release)"
    dotnet build -c Release -p:GamifiedSkipWebBuild=true "$ROOT/server/Gamified.Server" 2>&1 | tail -n 2
fi
SERVER_DLL="$ROOT/.artifacts/bin/Gamified.Server/release/Gamified.Server.dll"
[[ -f $SERVER_DLL ]] || die "build output not found: $SERVER_DLL"

WORK="$(mktemp -d /tmp/gamified-xapi-conformance.XXXXXX)"
HTTP_PORT=$(free_port); SILO_PORT=$(free_port)
CONFIG=(
    --Urls="http://127.0.0.1:$HTTP_PORT"
    --Storage:Provider=Sqlite
    --Storage:DataDirectory="$WORK/data"
    --Orleans:SiloPort="$SILO_PORT"
    --RateLimits:PerAddressPerMinute=100000000
    --RateLimits:PerUserPerMinute=100000000
    --Auth:AllowLocalTokens=true
    --Exports:XapiBase="http://127.0.0.1:$HTTP_PORT/xapi"
    --Logging:LogLevel:Default=Warning
)
export ASPNETCORE_ENVIRONMENT=Staging
dotnet "$SERVER_DLL" "${CONFIG[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(tail -n 30 "$WORK/server.log")"
    sleep 0.1
done
log "server pid $SERVER_PID on 127.0.0.1:$HTTP_PORT (SQLite)"

ADMIN="$(dotnet "$SERVER_DLL" token --sub conformance-admin --role admin --hours 2 "${CONFIG[@]}")"
CREATED="$(curl -fsS "http://127.0.0.1:$HTTP_PORT/graphql" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"query":"mutation { createServiceAccount(input: { name: \"xAPI conformance suite\", scopes: [\"statements/write\", \"statements/read\", \"state\", \"profile\"] }) { created { clientSecret account { clientId } } userErrors { code message } } }"}')"
CLIENT_ID="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["createServiceAccount"]["created"]["account"]["clientId"])' <<<"$CREATED")" \
    || die "creating the service account failed: $CREATED"
SECRET="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["createServiceAccount"]["created"]["clientSecret"])' <<<"$CREATED")"
log "service account $CLIENT_ID (statements/write, statements/read, state, profile)"

log "running the suite (xAPI 1.0.3) at $(git -C "$SUITE" rev-parse --short HEAD 2>/dev/null || echo "?")"
set +e
(cd "$SUITE" && node bin/console_runner.js -x 1.0.3 -e "http://127.0.0.1:$HTTP_PORT/xapi" -a -u "$CLIENT_ID" -p "$SECRET" -z "${SUITE_ARGS[@]}") \
    >"$WORK/suite.out" 2>&1
STATUS=$?
set -e
RUN_LOG="$(sed -n 's/^Full run log written to //p' "$WORK/suite.out" | tail -n 1)"
[[ -n $RUN_LOG && -f $RUN_LOG ]] || die "the suite wrote no run log (exit $STATUS): $(tail -n 30 "$WORK/suite.out")"
python3 - "$RUN_LOG" <<'PY'
import json, sys
record = json.load(open(sys.argv[1]))
summary = record.get("summary", {})
failed = []
def walk(node, path):
    if not isinstance(node, dict):
        return
    title = node.get("title") or node.get("name") or ""
    children = [t for t in node.get("tests") or [] if t]
    if not children and node.get("status") == "failed":
        error = (node.get("error") or "").strip().splitlines()
        failed.append((" / ".join(p for p in path + [title] if p), error[0] if error else ""))
    for child in children:
        walk(child, path + ([title] if title else []))
walk(record.get("log") or {}, [])
for title, error in failed:
    print(f"FAILED {title}\n       {error[:300]}")
print(f"totals: {summary.get('passed', 0)} passed, {summary.get('failed', 0)} failed, {summary.get('total', '?')} total")
PY
log "run log: $RUN_LOG"
