#!/usr/bin/env bash
# The leaderboard benchmark over real HTTP (docs/PERFORMANCE.md), on PostgreSQL + Redis or on the embedded default.
#
#   ops/bench/run-http.sh [--short] [--embedded] [--visibility-mix] [--no-build] [benchmark options, e.g. --duration 30]
#
#   --short      a run CI-sized machines finish in about two minutes: 3,000 learners, 10 s of load, 3 s per read
#                measure, the board padded to 100,000 members (the options given after it still win)
#   --embedded   the embedded default: the server on SQLite with its in-process boards, no PostgreSQL, no Redis (and
#                so no padding: the board holds the real learners who scored)
#   --visibility-mix  after the staff import (which makes everyone a pseudonym), a tenth choose their real name and a
#                tenth to be hidden; slow (each choice runs the learner's grain, which takes its HR record), so not the default
#   --no-build   use the Release build already there (ops/bench/Gamified.Bench and the server)
#
# What it does:
#   1. builds the server and the benchmark tool (Release, without the web pages);
#   2. unless --embedded: starts a throw-away PostgreSQL (fsync and synchronous_commit ON, as in production) and Redis on
#      free loopback ports in a temp dir (installing them from Debian packages when missing, like ops/test.sh), and runs
#      `migrate`;
#   3. starts the real server (`dotnet Gamified.Server.dll`) with ASPNETCORE_ENVIRONMENT=Staging (production behaviour,
#      except that tokens are signed with the local key instead of an identity provider), PostgreSQL storage and Redis
#      boards or SQLite and in-process boards; the per-address rate limit is raised, since every client is 127.0.0.1, and so is the
#      per-user one, since the load's 64 importers would otherwise be held to 600 statements a minute each (640/s in all);
#      Orleans logs every grain turn over 100 ms (Orleans:LongTurnWarning), and its warnings reach the log;
#   4. runs `Gamified.Bench --scenario http` against it (see ops/bench/Gamified.Bench/HttpBenchmark.cs), which writes
#      its results to ops/bench/results/<date>-<mode>.json and prints them beside the previous run of the same mode;
#   5. stops the server, PostgreSQL and Redis and removes the temp dir, whatever happened.
# Options not given default to 100,000 learners in 40 departments, 64 clients, 5 s warm-up, 30 s of load,
# 10 s per query measure, 1,000,000 board members (Redis only), and after the single statements the same load in
# recordActivities batches of 100 statements from 16 clients (--batch 0 leaves the batches out).
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
EMBEDDED=0; SHORT=0; BUILD=1; BENCH_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --embedded) EMBEDDED=1 ;;
        --short) SHORT=1 ;;
        --no-build) BUILD=0 ;;
        --visibility-mix) BENCH_ARGS+=(--visibility-mix 1) ;;
        *) BENCH_ARGS+=("$arg") ;;
    esac
done
MODE=$([[ $EMBEDDED == 1 ]] && echo embedded || echo postgres-redis)
if [[ $SHORT == 1 ]]; then
    MODE+=-short
    # Comparable with the earlier ad-hoc short run (--learners 3000 --duration 10 --query-duration 3) but for the padding.
    BENCH_ARGS=(--learners 3000 --duration 10 --query-duration 3 --board-members 100000 "${BENCH_ARGS[@]}")
fi
log() { printf '[run-http.sh %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

WORK=""; PGDATA=""; PG_BINDIR=""; REDIS_PORT=""; SERVER_PID=""

as_pg() { if [[ $EUID -eq 0 ]]; then (cd "$WORK" && runuser -u postgres -- "$@"); else (cd "$WORK" && "$@"); fi; }

free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cleanup() {
    set +e
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null
    fi
    if [[ -n $PGDATA && -f $PGDATA/postmaster.pid ]]; then
        as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1
    fi
    if [[ -n $REDIS_PORT ]]; then
        timeout -k 2 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
    fi
    [[ -n $WORK && -d $WORK ]] && rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- tools
newest_pg_bindir() { compgen -G '/usr/lib/postgresql/*/bin' | sort -V | while read -r d; do [[ -x $d/initdb ]] && echo "$d"; done | tail -n 1; }
if [[ $EMBEDDED == 0 ]]; then
    missing=()
    [[ -n $(newest_pg_bindir) ]] || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing Debian packages: ${missing[*]}"
        SUDO=""; [[ $EUID -ne 0 ]] && SUDO=sudo
        $SUDO apt-get -o DPkg::Lock::Timeout=600 update >/dev/null
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
    fi
    PG_BINDIR="$(newest_pg_bindir)"
fi

# ---------------------------------------------------------------- build
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1
if [[ $BUILD == 1 ]]; then
    log "building (Release)"
    dotnet build -c Release -p:GamifiedSkipWebBuild=true "$ROOT/ops/bench/Gamified.Bench" 2>&1 | tail -n 2
fi
SERVER_DLL="$ROOT/.artifacts/bin/Gamified.Server/release/Gamified.Server.dll"
BENCH_DLL="$ROOT/.artifacts/bin/Gamified.Bench/release/Gamified.Bench.dll"
[[ -f $SERVER_DLL && -f $BENCH_DLL ]] || die "build output not found"

WORK="$(mktemp -d /tmp/gamified-bench.XXXXXX)"
[[ $EUID -eq 0 ]] && chown postgres: "$WORK"

# GAMIFIED_BENCH_PROFILE=1: also print PostgreSQL's busiest statements (pg_stat_statements) at the end, and, with
# GAMIFIED_BENCH_TRACE=<path of dotnet-trace>, sample the server's CPU for 15 s of the load (a .nettrace in /tmp).
PG_EXTRA=""
[[ ${GAMIFIED_BENCH_PROFILE:-0} == 1 ]] && PG_EXTRA="-c shared_preload_libraries=pg_stat_statements"

HTTP_PORT=$(free_port); SILO_PORT=$(free_port)
CONFIG=(
    --Urls="http://127.0.0.1:$HTTP_PORT"
    --Storage:DataDirectory="$WORK/data"
    --Orleans:SiloPort="$SILO_PORT"
    --RateLimits:PerAddressPerMinute=100000000
    --RateLimits:PerUserPerMinute=100000000
    --Auth:AllowLocalTokens=true
    # Warnings only, but all of Orleans's: a grain turn over 100 ms is one (the issue's limit for a blocked turn).
    --Logging:LogLevel:Default=Warning
    --Logging:LogLevel:Orleans=Warning
    --Orleans:LongTurnWarning=00:00:00.1
)
BENCH_STORES=()
if [[ $EMBEDDED == 0 ]]; then
    # ------------------------------------------------------------ PostgreSQL (durable settings)
    PGDATA="$WORK/pg"
    as_pg "$PG_BINDIR/initdb" -D "$PGDATA" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
        || die "initdb failed: $(tail -n 5 "$WORK/initdb.log")"
    PG_PORT=$(free_port)
    as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w -t 60 \
        -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB -c fsync=on -c synchronous_commit=on $PG_EXTRA" \
        start >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$WORK/pg.log")"
    log "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (fsync=on, synchronous_commit=on)"
    PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"

    # ------------------------------------------------------------ Redis
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" >/dev/null
    for _ in $(seq 1 100); do [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break; sleep 0.1; done
    log "Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT"

    # One node on PostgreSQL clustering, on loopback: the start checks want that said (Orleans:OneMachine).
    CONFIG+=(--Storage:Provider=Postgres --Storage:ConnectionString="$PG" --Leaderboards:Redis="127.0.0.1:$REDIS_PORT" --Orleans:OneMachine=true)
    BENCH_STORES=(--postgres "$PG" --redis "127.0.0.1:$REDIS_PORT" --postgres-pid "$(head -n 1 "$PGDATA/postmaster.pid")"
        --redis-pid "$(cat "$WORK/redis.pid")")
else
    CONFIG+=(--Storage:Provider=Sqlite)
fi

# ---------------------------------------------------------------- server
export ASPNETCORE_ENVIRONMENT=Staging
if [[ $EMBEDDED == 0 ]]; then
    dotnet "$SERVER_DLL" migrate "${CONFIG[@]}" >"$WORK/migrate.log" 2>&1 || die "migrate failed: $(tail -n 20 "$WORK/migrate.log")"
    [[ -n $PG_EXTRA ]] && psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
fi
dotnet "$SERVER_DLL" "${CONFIG[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(tail -n 30 "$WORK/server.log")"
    sleep 0.1
done
log "server pid $SERVER_PID on 127.0.0.1:$HTTP_PORT (Staging, $([[ $EMBEDDED == 1 ]] && echo "SQLite + in-process boards" || echo "PostgreSQL + Redis")); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- benchmark
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no -- server ops/bench 2>/dev/null) ]] && COMMIT+="+changes"
set +e
dotnet "$BENCH_DLL" --scenario http --url "http://127.0.0.1:$HTTP_PORT" --data-dir "$WORK/data" --server-pid "$SERVER_PID" \
    --server-log "$WORK/server.log" --mode "$MODE" --commit "$COMMIT" --results-dir "$ROOT/ops/bench/results" \
    "${BENCH_STORES[@]}" "${BENCH_ARGS[@]}"
rc=$?
set -e
if [[ ${GAMIFIED_BENCH_PROFILE:-0} == 1 && $EMBEDDED == 0 ]]; then
    log "PostgreSQL's busiest statements:"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -c "SELECT calls, round(total_exec_time) AS total_ms,
        round((total_exec_time / calls)::numeric, 3) AS mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query
        FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12" || true
fi
warnings=$(grep -c -E '^(warn|fail|crit)' "$WORK/server.log" || true)
log "server log: $warnings warnings/errors; last lines:"
grep -E '^(warn|fail|crit)' -A 2 "$WORK/server.log" | tail -n 12 || true
exit "$rc"
