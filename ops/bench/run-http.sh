#!/usr/bin/env bash
# The leaderboard benchmark over real HTTP on PostgreSQL + Redis (docs/PERFORMANCE.md).
#
#   ops/bench/run-http.sh [benchmark options, e.g. --concurrency 64 --duration 30 --query-duration 10]
#
# What it does:
#   1. builds the server and the benchmark tool (Release);
#   2. starts a throw-away PostgreSQL (fsync and synchronous_commit ON, as in production) and Redis on free
#      loopback ports in a temp dir (installing them from Debian packages when missing, like ops/test.sh);
#   3. runs `migrate`, then starts the real server (`dotnet Gamified.Server.dll`) with ASPNETCORE_ENVIRONMENT=Staging
#      (production behaviour, except that tokens are signed with the local key instead of an identity provider),
#      PostgreSQL storage and Redis boards; the per-address rate limit is raised, since every client is 127.0.0.1, and so is the per-user one, since the load's
#      64 importers would otherwise be held to 600 statements a minute each (640/s in all);
#   4. runs `Gamified.Bench --scenario http` against it (see ops/bench/Gamified.Bench/HttpBenchmark.cs);
#   5. stops the server, PostgreSQL and Redis and removes the temp dir, whatever happened.
# Options not given default to 100,000 learners in 40 departments, 64 clients, 5 s warm-up, 30 s of load,
# 10 s per query measure, 1,000,000 board members.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
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

# ---------------------------------------------------------------- build
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1
log "building (Release)"
dotnet build -c Release "$ROOT/ops/bench/Gamified.Bench" 2>&1 | tail -n 2
SERVER_DLL="$ROOT/.artifacts/bin/Gamified.Server/release/Gamified.Server.dll"
BENCH_DLL="$ROOT/.artifacts/bin/Gamified.Bench/release/Gamified.Bench.dll"
[[ -f $SERVER_DLL && -f $BENCH_DLL ]] || die "build output not found"

WORK="$(mktemp -d /tmp/gamified-bench.XXXXXX)"
[[ $EUID -eq 0 ]] && chown postgres: "$WORK"

# GAMIFIED_BENCH_PROFILE=1: also print PostgreSQL's busiest statements (pg_stat_statements) at the end, and, with
# GAMIFIED_BENCH_TRACE=<path of dotnet-trace>, sample the server's CPU for 15 s of the load (a .nettrace in /tmp).
PG_EXTRA=""
[[ ${GAMIFIED_BENCH_PROFILE:-0} == 1 ]] && PG_EXTRA="-c shared_preload_libraries=pg_stat_statements"

# ---------------------------------------------------------------- PostgreSQL (durable settings)
PGDATA="$WORK/pg"
as_pg "$PG_BINDIR/initdb" -D "$PGDATA" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || die "initdb failed: $(tail -n 5 "$WORK/initdb.log")"
PG_PORT=$(free_port)
as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB -c fsync=on -c synchronous_commit=on $PG_EXTRA" \
    start >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$WORK/pg.log")"
log "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (fsync=on, synchronous_commit=on)"
PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"

# ---------------------------------------------------------------- Redis
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" >/dev/null
for _ in $(seq 1 100); do [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break; sleep 0.1; done
log "Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT"

# ---------------------------------------------------------------- server
HTTP_PORT=$(free_port); SILO_PORT=$(free_port)
CONFIG=(
    --Urls="http://127.0.0.1:$HTTP_PORT"
    --Storage:Provider=Postgres --Storage:ConnectionString="$PG" --Storage:DataDirectory="$WORK/data"
    --Leaderboards:Redis="127.0.0.1:$REDIS_PORT"
    --Orleans:SiloPort="$SILO_PORT"
    --RateLimits:PerAddressPerMinute=100000000
    --RateLimits:PerUserPerMinute=100000000
    --Auth:AllowLocalTokens=true
    --Logging:LogLevel:Default=Warning
)
export ASPNETCORE_ENVIRONMENT=Staging
dotnet "$SERVER_DLL" migrate "${CONFIG[@]}" >"$WORK/migrate.log" 2>&1 || die "migrate failed: $(tail -n 20 "$WORK/migrate.log")"
[[ -n $PG_EXTRA ]] && psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
dotnet "$SERVER_DLL" "${CONFIG[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(tail -n 30 "$WORK/server.log")"
    sleep 0.1
done
log "server pid $SERVER_PID on 127.0.0.1:$HTTP_PORT (Staging, PostgreSQL + Redis); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- benchmark
set +e
dotnet "$BENCH_DLL" --scenario http --url "http://127.0.0.1:$HTTP_PORT" --data-dir "$WORK/data" \
    --postgres "$PG" --redis "127.0.0.1:$REDIS_PORT" --server-pid "$SERVER_PID" \
    --postgres-pid "$(head -n 1 "$PGDATA/postmaster.pid")" --redis-pid "$(cat "$WORK/redis.pid")" "$@"
rc=$?
set -e
if [[ ${GAMIFIED_BENCH_PROFILE:-0} == 1 ]]; then
    log "PostgreSQL's busiest statements:"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -c "SELECT calls, round(total_exec_time) AS total_ms,
        round((total_exec_time / calls)::numeric, 3) AS mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query
        FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12" || true
fi
warnings=$(grep -c -E '^(warn|fail|crit)' "$WORK/server.log" || true)
log "server log: $warnings warnings/errors; last lines:"
grep -E '^(warn|fail|crit)' -A 2 "$WORK/server.log" | tail -n 12 || true
exit "$rc"
