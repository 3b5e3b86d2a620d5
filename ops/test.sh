#!/usr/bin/env bash
# Run the whole Gamified test suite on a fresh machine.
#
#   ops/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Scoring]
#
# What it does:
#   1. installs missing tools from Debian packages (PostgreSQL, Redis, Chromium and a Chinese font);
#   2. starts a throw-away PostgreSQL and Redis on free loopback ports in a temp dir;
#   3. runs `dotnet test` on the solution with these exported for the tests:
#        GAMIFIED_TEST_POSTGRES       Npgsql connection string (trust auth, superuser); the roles gamified_owner
#                                     and gamified_server exist (the tests' servers run as the second)
#        GAMIFIED_TEST_REDIS          host:port of the Redis server
#        GAMIFIED_TEST_REDIS_SERVER   path of redis-server (tests may start more)
#        GAMIFIED_TEST_CHROMIUM       path of chromium, when installed
#        GAMIFIED_TEST_BOOT_LOG       file the tests append one line to per test server started (reported at the end)
#      (the suite includes the contract checks in tests/Gamified.Tests/Contract/: the plug-in SDK's approved API and
#      ops/schema-check, the GraphQL breaking-change check, which needs node and npm and runs `npm ci` there);
#   4. stops both servers and removes the temp dir, whatever happened;
#   5. prints `N passed, N failed, N skipped` as the very last line.
#
# Environment knobs:
#   GAMIFIED_TEST_SOLUTION=path   solution to test (default: $ROOT/Gamified.sln, or .slnx)
#   GAMIFIED_SKIP_BROWSER=1       do not install chromium
# shellcheck disable=SC2317  # cleanup functions are only called from traps
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"

log() { printf '[test.sh] %s\n' "$*"; }
die() { printf '[test.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- state / cleanup
WORK=""          # temp dir holding everything this run creates
PGDATA=""        # set once initdb ran
PG_BINDIR=""
REDIS_PORT=""
REDIS_PIDFILE=""
RAN_DOTNET=0
DOTNET_PID=""    # set while dotnet test runs
SUMMARY=""       # the closing line; set once the trx files have been counted

SUDO=""
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && SUDO="sudo"
fi

# Run a command as the postgres user (PostgreSQL refuses to run as root).
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$WORK" && runuser -u postgres -- "$@")
    else
        (cd "$WORK" && "$@")
    fi
}

# True while pid $1 runs (an exited child that was not reaped yet counts as gone).
pid_alive() {
    [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null \
        && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"
}

# Wait up to $2 tenths of a second for pid $1 to exit; SIGKILL it after that.
wait_pid_gone() {
    local pid=$1 tenths=$2 i
    for ((i = 0; i < tenths; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

stop_postgres() {
    [[ -n $PGDATA && -f $PGDATA/postmaster.pid ]] || return 0
    local pid
    pid=$(head -n 1 "$PGDATA/postmaster.pid" 2>/dev/null || true)
    as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    [[ $pid =~ ^[0-9]+$ ]] && wait_pid_gone "$pid" 50
    return 0
}

stop_redis() {
    [[ -n $REDIS_PIDFILE && -f $REDIS_PIDFILE ]] || return 0
    local pid
    pid=$(cat "$REDIS_PIDFILE" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    pid_alive "$pid" || return 0
    timeout -k 2 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 \
        || kill -TERM "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 100
}

# Print pid $1 and all its descendants.
process_tree() {
    local child
    printf '%s\n' "$1"
    for child in $(pgrep -P "$1" 2>/dev/null); do
        process_tree "$child"
    done
}

stop_dotnet() {
    pid_alive "$DOTNET_PID" || return 0
    local pids pid
    pids=$(process_tree "$DOTNET_PID")
    log "stopping dotnet test (pid $DOTNET_PID)"
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for pid in $pids; do wait_pid_gone "$pid" 50; done
}

cleanup() {
    stop_dotnet
    stop_postgres
    stop_redis
    # dotnet leaves compiler/MSBuild servers behind; do not leave processes running.
    if [[ $RAN_DOTNET -eq 1 ]]; then
        timeout -k 5 60 dotnet build-server shutdown >/dev/null 2>&1 || true
    fi
    if [[ -n $WORK && -d $WORK ]]; then
        rm -rf -- "$WORK"
    fi
}

on_exit() {
    local rc=$?
    set +e
    trap '' INT TERM
    cleanup
    if [[ -z $SUMMARY ]]; then
        # We never got to count results (setup failed, or interrupted).
        SUMMARY="0 passed, 1 failed, 0 skipped"
        [[ $rc -eq 0 ]] && rc=1
    fi
    printf '%s\n' "$SUMMARY"
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Always under /tmp (not $TMPDIR): PostgreSQL puts its unix socket in here and
# socket paths are limited to ~107 bytes.
WORK="$(mktemp -d /tmp/gamified-test.XXXXXX)"
APT_LOG="$WORK/apt.log"
RESULTS="$WORK/results"

# ---------------------------------------------------------------- solution
if [[ -n ${GAMIFIED_TEST_SOLUTION:-} ]]; then
    SOLUTION="$GAMIFIED_TEST_SOLUTION"
elif [[ ! -f $ROOT/Gamified.sln && -f $ROOT/Gamified.slnx ]]; then
    SOLUTION="$ROOT/Gamified.slnx"
else
    SOLUTION="$ROOT/Gamified.sln"
fi
[[ -f $SOLUTION ]] || die "solution not found: $SOLUTION"
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"

# ---------------------------------------------------------------- tools
newest_pg_bindir() {
    local d best=""
    while IFS= read -r d; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && best="$d"
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
    printf '%s' "$best"
}

chromium_path() {
    if [[ -x /usr/bin/chromium ]]; then
        printf '%s' /usr/bin/chromium
    else
        command -v chromium 2>/dev/null || true
    fi
}

# Stop and disable a distro service we just installed: we start our own servers.
disable_distro_service() {
    local svc=$1
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
        $SUDO systemctl disable --now "$svc" >>"$APT_LOG" 2>&1 || true
    else
        if [[ -x /etc/init.d/$svc ]]; then
            $SUDO /etc/init.d/"$svc" stop >>"$APT_LOG" 2>&1 || true
        fi
        if command -v update-rc.d >/dev/null 2>&1; then
            $SUDO update-rc.d "$svc" disable >>"$APT_LOG" 2>&1 || true
        fi
    fi
}

missing=()
[[ -n $(newest_pg_bindir) ]] || missing+=(postgresql)
if ! command -v redis-server >/dev/null 2>&1; then
    missing+=(redis-server)
elif ! command -v redis-cli >/dev/null 2>&1; then
    missing+=(redis-tools)
fi
if [[ ${GAMIFIED_SKIP_BROWSER:-0} != 1 && -z $(chromium_path) ]]; then
    missing+=(chromium)
fi
# A Chinese font, so the browser tests' screenshots show the pages as Chinese readers see them.
if [[ ${GAMIFIED_SKIP_BROWSER:-0} != 1 ]] && ! dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'ok installed'; then
    missing+=(fonts-wqy-microhei)
fi

if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $EUID -ne 0 && -z $SUDO ]]; then
        die "missing packages (${missing[*]}) and not root, no sudo: install them first"
    fi
    log "installing Debian packages: ${missing[*]}"
    start=$SECONDS
    if ! $SUDO apt-get -o DPkg::Lock::Timeout=600 update >>"$APT_LOG" 2>&1 \
        || ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                -o DPkg::Lock::Timeout=600 "${missing[@]}" >>"$APT_LOG" 2>&1; then
        printf '[test.sh] apt-get failed; last lines of its output:\n' >&2
        tail -n 40 "$APT_LOG" >&2
        die "could not install: ${missing[*]}"
    fi
    for pkg in "${missing[@]}"; do
        case $pkg in
            redis-server) disable_distro_service redis-server ;;
            postgresql) disable_distro_service postgresql ;;
        esac
    done
    log "installed in $((SECONDS - start))s"
fi

PG_BINDIR="$(newest_pg_bindir)"
[[ -n $PG_BINDIR ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
REDIS_SERVER="$(command -v redis-server)" || die "redis-server not found"
command -v redis-cli >/dev/null 2>&1 || die "redis-cli not found"
if [[ $EUID -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (is the postgresql package installed?)"
fi

# ---------------------------------------------------------------- free ports
USED_PORTS=" "
FREE_PORT=""
# Sets FREE_PORT to a loopback TCP port nobody listens on (and not handed out before).
free_port() {
    local port="" py
    py="$(command -v python3 2>/dev/null || true)"
    for _ in $(seq 1 50); do
        if [[ -n $py ]]; then
            port=$("$py" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()') || port=""
        else
            port=$((20000 + RANDOM % 30000))
            # A port that accepts a connection is taken.
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then port=""; fi
        fi
        if [[ -n $port && $USED_PORTS != *" $port "* ]]; then
            USED_PORTS+="$port "
            FREE_PORT=$port
            return 0
        fi
    done
    return 1
}

# ---------------------------------------------------------------- PostgreSQL
if [[ $EUID -eq 0 ]]; then
    chown postgres: "$WORK"
fi
PGDATA="$WORK/pg"
log "initializing PostgreSQL ($PG_BINDIR)"
if ! as_pg "$PG_BINDIR/initdb" -D "$PGDATA" -A trust -U postgres --encoding=UTF8 \
        --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1; then
    rm -rf -- "$PGDATA"
    if ! as_pg "$PG_BINDIR/initdb" -D "$PGDATA" -A trust -U postgres --encoding=UTF8 \
            --locale=C >>"$WORK/initdb.log" 2>&1; then
        cat "$WORK/initdb.log" >&2
        die "initdb failed"
    fi
fi

PG_PORT=""
for attempt in 1 2 3; do
    free_port || die "no free TCP port"
    PG_PORT=$FREE_PORT
    if as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w -t 60 \
            -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
            start >/dev/null 2>&1; then
        break
    fi
    tail -n 20 "$WORK/pg.log" >&2 || true
    stop_postgres
    [[ $attempt -lt 3 ]] || die "PostgreSQL did not start"
    log "PostgreSQL did not start on port $PG_PORT, retrying on another port"
    PG_PORT=""
done
log "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$PG_PORT"
# The two roles of docs/LEDGER.md ("Least privilege"): the tests' databases belong to gamified_owner, which migrates
# them, and their servers connect as gamified_server, which may only append to and read the ledger.
as_pg "$PG_BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE gamified_owner LOGIN CREATEDB" -c "CREATE ROLE gamified_server LOGIN" >/dev/null \
    || die "could not create the roles gamified_owner and gamified_server"

# ---------------------------------------------------------------- Redis
REDIS_PIDFILE="$WORK/redis.pid"
for attempt in 1 2 3; do
    free_port || die "no free TCP port"
    REDIS_PORT=$FREE_PORT
    rm -f -- "$REDIS_PIDFILE"
    "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize yes --dir "$WORK" --pidfile "$REDIS_PIDFILE" --logfile "$WORK/redis.log" \
        >/dev/null 2>&1 || true
    ok=0
    for _ in $(seq 1 100); do
        if [[ -s $REDIS_PIDFILE ]] \
            && [[ $(timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; then
            # Make sure it is our server answering, not one already on that port.
            served_by=$(timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server 2>/dev/null \
                | tr -d '\r' | sed -n 's/^process_id://p') || served_by=""
            [[ $served_by == "$(cat "$REDIS_PIDFILE" 2>/dev/null)" ]] && ok=1
            break
        fi
        sleep 0.1
    done
    [[ $ok -eq 1 ]] && break
    tail -n 20 "$WORK/redis.log" >&2 2>/dev/null || true
    stop_redis
    [[ $attempt -lt 3 ]] || die "Redis did not start"
    log "Redis did not start on port $REDIS_PORT, retrying on another port"
done
log "Redis $("$REDIS_SERVER" --version | sed -n 's/.* v=\([^ ]*\).*/\1/p') listening on 127.0.0.1:$REDIS_PORT"

# ---------------------------------------------------------------- environment for the tests
export GAMIFIED_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
export GAMIFIED_TEST_REDIS="127.0.0.1:$REDIS_PORT"
export GAMIFIED_TEST_REDIS_SERVER="$REDIS_SERVER"
CHROMIUM="$(chromium_path)"
if [[ -n $CHROMIUM ]]; then
    export GAMIFIED_TEST_CHROMIUM="$CHROMIUM"
else
    unset GAMIFIED_TEST_CHROMIUM
fi
export GAMIFIED_TEST_BOOT_LOG="$WORK/boots.log"
: >"$GAMIFIED_TEST_BOOT_LOG"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export MSBUILDDISABLENODEREUSE=1

log "GAMIFIED_TEST_POSTGRES=$GAMIFIED_TEST_POSTGRES"
log "GAMIFIED_TEST_REDIS=$GAMIFIED_TEST_REDIS"
log "GAMIFIED_TEST_REDIS_SERVER=$GAMIFIED_TEST_REDIS_SERVER"
log "GAMIFIED_TEST_CHROMIUM=${GAMIFIED_TEST_CHROMIUM:-(not installed)}"

# ---------------------------------------------------------------- tests
log "dotnet test $SOLUTION${*:+ $*}"
mkdir -p "$RESULTS"
RAN_DOTNET=1
test_start=$SECONDS
# In the background + wait, so that INT/TERM sent to this script are handled at
# once (a foreground child would delay the trap until it ends); cleanup then
# ends the whole dotnet process tree.
dotnet test "$SOLUTION" -c Release --logger "trx;LogFilePrefix=results" \
    --results-directory "$RESULTS" "$@" &
DOTNET_PID=$!
set +e
wait "$DOTNET_PID"
TEST_RC=$?
set -e
DOTNET_PID=""
log "dotnet test exited with $TEST_RC after $((SECONDS - test_start))s"
# Full server boots are the suite's main cost: say how many, and which classes started the most.
log "test servers started: $(wc -l <"$GAMIFIED_TEST_BOOT_LOG"), $(awk -F'\t' '{ ms += $2 } END { printf "%.0f", ms / 1000 }' \
    "$GAMIFIED_TEST_BOOT_LOG") s spent starting them; most by class:"
cut -f1 "$GAMIFIED_TEST_BOOT_LOG" | sort | uniq -c | sort -rn | head -n 10 | sed 's/^/[test.sh]   /'

# ---------------------------------------------------------------- summary
# Sum <Counters .../> over every trx (one per test project); records are split on '>' so attribute
# order and line breaks inside the element do not matter.
mapfile -t TRX_FILES < <(find "$RESULTS" -type f -name '*.trx' 2>/dev/null | sort)
if [[ ${#TRX_FILES[@]} -eq 0 ]]; then
    log "no test results were produced (build failure?)"
    SUMMARY="0 passed, 1 failed, 0 skipped"
    [[ $TEST_RC -ne 0 ]] || TEST_RC=1
    exit "$TEST_RC"
fi
read -r PASSED FAILED SKIPPED < <(awk '
    function attr(name,    s) {
        if (match($0, "[ \t\r\n]" name "=\"[0-9]+\"")) {
            s = substr($0, RSTART, RLENGTH)
            gsub(/[^0-9]/, "", s)
            return s + 0
        }
        return 0
    }
    BEGIN { RS = ">"; p = 0; f = 0; s = 0 }
    /<Counters[ \t\r\n]/ {
        p += attr("passed")
        f += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
        # The VSTest trx logger leaves notExecuted at 0 for skipped xunit
        # tests; they only show as total - executed.
        ne = attr("notExecuted")
        gap = attr("total") - attr("executed")
        s += (ne > gap ? ne : gap)
    }
    END { print p, f, s }
' "${TRX_FILES[@]}")

RC=0
if [[ $TEST_RC -ne 0 ]]; then
    RC=$TEST_RC
    # dotnet test failed without a failed test (crash, a project that did not
    # build): do not claim "0 failed".
    [[ $FAILED -gt 0 ]] || FAILED=1
elif [[ $FAILED -gt 0 ]]; then
    RC=1
fi
SUMMARY="$PASSED passed, $FAILED failed, $SKIPPED skipped"
exit "$RC"
