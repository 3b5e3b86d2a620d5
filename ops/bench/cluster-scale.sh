#!/usr/bin/env bash
# What grows with the number of nodes (docs/OPERATIONS.md, "Scale out and survive faults"): on 2 cores throughput
# cannot grow with nodes, so this measures the costs a bigger machine park pays per statement instead.
#
#   ops/bench/cluster-scale.sh [--no-build] [--nodes "1 3"] [--events 1200] [--rate 40] [--learners 60]
#
# For each node count it starts that many real servers (Release build, ASPNETCORE_ENVIRONMENT=Staging, local tokens) on
# one throw-away PostgreSQL (fsync on, pg_stat_statements loaded) and one Redis, registers fresh learners, sends each one
# statement to activate its grain (not measured), then sends --events statements at --rate per second, round robin over
# the nodes, and reports per acknowledged statement:
#   - silo-to-silo TCP data segments and bytes (from the kernel's socket counters, `ss -ti`, on the silo ports), less an
#     idle baseline of the same length (membership probes). At a rate this low each Orleans message is flushed on its own,
#     so segments count cross-node messages: a grain call is two (request and response);
#   - PostgreSQL's work: statements executed (pg_stat_statements calls), transactions committed, tuples inserted and
#     updated (pg_stat_database), and how many statements of each kind (the top ones by calls).
# Everything runs on loopback in a temp dir that is removed at the end (the nodes say Orleans:OneMachine=true, the start
# checks' permission for a loopback cluster address; on one machine loopback does reach every node). Needs python3 (the load), ss (iproute2), psql.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BUILD=1; NODE_COUNTS="1 3"; EVENTS=1200; RATE=40; LEARNERS=60
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) BUILD=0 ;;
        --nodes) NODE_COUNTS="$2"; shift ;;
        --events) EVENTS="$2"; shift ;;
        --rate) RATE="$2"; shift ;;
        --learners) LEARNERS="$2"; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
log() { printf '[cluster-scale %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

WORK=""; PGDATA=""; PG_BINDIR=""; REDIS_PORT=""; SERVER_PIDS=()
as_pg() { if [[ $EUID -eq 0 ]]; then (cd "$WORK" && runuser -u postgres -- "$@"); else (cd "$WORK" && "$@"); fi; }
free_port() { python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${SERVER_PIDS[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    SERVER_PIDS=()
}
cleanup() {
    set +e
    stop_servers
    [[ -n $PGDATA && -f $PGDATA/postmaster.pid ]] && as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1
    [[ -n $REDIS_PORT ]] && timeout -k 2 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
    [[ -n $WORK && -d $WORK ]] && rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v ss >/dev/null || die "ss (iproute2) is needed"
command -v psql >/dev/null || die "psql is needed"
PG_BINDIR="$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)"
[[ -x $PG_BINDIR/initdb ]] || die "no PostgreSQL server binaries (ops/test.sh installs them)"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1
if [[ $BUILD == 1 ]]; then
    log "building the server (Release)"
    dotnet build -c Release -p:GamifiedSkipWebBuild=true "$ROOT/server/Gamified.Server" 2>&1 | tail -n 2
fi
SERVER_DLL="$ROOT/.artifacts/bin/Gamified.Server/release/Gamified.Server.dll"
[[ -f $SERVER_DLL ]] || die "build output not found: $SERVER_DLL"

WORK="$(mktemp -d /tmp/gamified-scale.XXXXXX)"
[[ $EUID -eq 0 ]] && chown postgres: "$WORK"
PGDATA="$WORK/pg"
as_pg "$PG_BINDIR/initdb" -D "$PGDATA" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || die "initdb failed"
PG_PORT=$(free_port)
as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_preload_libraries=pg_stat_statements" \
    start >/dev/null || die "PostgreSQL did not start"
PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -t -A)
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$WORK" --logfile "$WORK/redis.log" >/dev/null
for _ in $(seq 1 100); do [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break; sleep 0.1; done

mkdir -p "$WORK/data" "$WORK/content"
COMMON=(--Storage:Provider=Postgres --Storage:ConnectionString="$PG" --Storage:DataDirectory="$WORK/data"
    --Leaderboards:Redis="127.0.0.1:$REDIS_PORT" --Auth:AllowLocalTokens=true --Content:Directory="$WORK/content"
    --RateLimits:PerAddressPerMinute=100000000 --RateLimits:PerUserPerMinute=100000000 --Logging:LogLevel:Default=Warning)
export ASPNETCORE_ENVIRONMENT=Staging
dotnet "$SERVER_DLL" migrate "${COMMON[@]}" >"$WORK/migrate.log" 2>&1 || die "migrate failed: $(tail -n 20 "$WORK/migrate.log")"
"${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
TOKEN=$(dotnet "$SERVER_DLL" token --sub scale-admin --role admin "${COMMON[@]}")

# Sums the kernel's counters (data segments, bytes) over every TCP socket on one of the silo ports.
silo_traffic() {
    local filter="" port
    for port in "$@"; do filter+="${filter:+ or }sport = :$port or dport = :$port"; done
    ss -tinH state established "( $filter )" | awk '
        { for (i = 1; i <= NF; i++) { if ($i ~ /^data_segs_out:/) { split($i, a, ":"); s += a[2] } if ($i ~ /^bytes_sent:/) { split($i, b, ":"); by += b[2] } } }
        END { printf "%d %d\n", s, by }'
}
pg_counters() {
    "${PSQL[@]}" -F' ' -c "SELECT (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements), xact_commit, tup_inserted, tup_updated
        FROM pg_stat_database WHERE datname = 'postgres'"
}

# The load: register a department and learners through the first node, one statement each to activate their grains,
# then the measured statements at a steady rate, round robin over the nodes; prints the number acknowledged.
drive() {
    python3 - "$@" <<'PY'
import json, sys, threading, time, urllib.request, uuid
phase, token, learners_file, events, rate, *urls = sys.argv[1:]
events, rate = int(events), float(rate)
def post(url, query, variables):
    request = urllib.request.Request(url + "/graphql", data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)
record = "mutation($i: RecordActivityInput!) { recordActivity(input: $i) { activityRecorded { activityId } userErrors { code } } }"
def send(url, learner, n, done):
    try:
        body = post(url, record, {"i": {"learnerId": learner, "idempotencyKey": f"scale-{uuid.uuid4().hex}", "verb": "COMPLETED",
                                        "object": {"id": f"lesson-{n}-{uuid.uuid4().hex[:6]}", "kind": "LESSON"}}})
        if not body.get("errors") and body["data"]["recordActivity"]["activityRecorded"]: done.append(1)
    except Exception:
        pass
if phase == "setup":
    dept = "scale-" + uuid.uuid4().hex[:8]
    post(urls[0], "mutation($i: CreateDepartmentInput!) { createDepartment(input: $i) { department { id } } }",
         {"i": {"id": dept, "names": {"zhCN": "数据资源管理局", "en": "Data Resources Bureau"}}})
    learners = []
    for n in range(events):
        learner = f"{dept}-l{n}"
        post(urls[0], "mutation($i: RegisterLearnerInput!) { registerLearner(input: $i) { learner { id } } }",
             {"i": {"id": learner, "displayName": f"学员{n}", "departmentId": dept}})
        learners.append(learner)
    open(learners_file, "w").write("\n".join(learners))
    done = []
    for n, learner in enumerate(learners): send(urls[n % len(urls)], learner, n, done)
    print(len(done))
else:
    learners = open(learners_file).read().split()
    done, threads, start = [], [], time.monotonic()
    for n in range(events):
        delay = start + n / rate - time.monotonic()
        if delay > 0: time.sleep(delay)
        t = threading.Thread(target=send, args=(urls[n % len(urls)], learners[n % len(learners)], n, done)); t.start(); threads.append(t)
    for t in threads: t.join()
    print(len(done))
PY
}

RESULTS=()
for N in $NODE_COUNTS; do
    CLUSTER="scale-$N-$RANDOM"
    URLS=(); SILO_PORTS=()
    for i in $(seq 1 "$N"); do
        HTTP_PORT=$(free_port); SILO_PORT=$(free_port)
        dotnet "$SERVER_DLL" "${COMMON[@]}" --Urls="http://127.0.0.1:$HTTP_PORT" --Orleans:SiloPort="$SILO_PORT" \
            --Orleans:ClusterId="$CLUSTER" --Orleans:AdvertisedAddress=127.0.0.1 --Orleans:OneMachine=true >"$WORK/node-$N-$i.log" 2>&1 &
        SERVER_PIDS+=($!)
        URLS+=("http://127.0.0.1:$HTTP_PORT"); SILO_PORTS+=("$SILO_PORT")
        for _ in $(seq 1 600); do
            curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
            kill -0 "${SERVER_PIDS[-1]}" 2>/dev/null || die "node $i exited: $(tail -n 30 "$WORK/node-$N-$i.log")"
            sleep 0.1
        done
    done
    log "$N node(s) ready; registering $LEARNERS learners and activating their grains"
    activated=$(drive setup "$TOKEN" "$WORK/learners-$N" "$LEARNERS" "$RATE" "${URLS[@]}")
    seconds=$(python3 -c "print(max(1, round($EVENTS / $RATE)))")
    read -r idle_segs0 idle_bytes0 < <(silo_traffic "${SILO_PORTS[@]}")
    sleep "$seconds"   # the idle baseline: what the cluster sends between silos with no requests (probes), over the same time
    read -r idle_segs1 idle_bytes1 < <(silo_traffic "${SILO_PORTS[@]}")
    "${PSQL[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
    "${PSQL[@]}" -c "SELECT pg_stat_reset()" >/dev/null
    sleep 1   # pg_stat_database is reported by the backends with a delay of up to a second
    read -r calls0 xact0 ins0 upd0 < <(pg_counters)
    read -r segs0 bytes0 < <(silo_traffic "${SILO_PORTS[@]}")
    log "$N node(s): $activated activated; sending $EVENTS statements at $RATE/s"
    acked=$(drive load "$TOKEN" "$WORK/learners-$N" "$EVENTS" "$RATE" "${URLS[@]}")
    read -r segs1 bytes1 < <(silo_traffic "${SILO_PORTS[@]}")
    sleep 1
    read -r calls1 xact1 ins1 upd1 < <(pg_counters)
    line=$(python3 -c "
a = $acked or 1
segs = ($segs1 - $segs0) - ($idle_segs1 - $idle_segs0); by = ($bytes1 - $bytes0) - ($idle_bytes1 - $idle_bytes0)
print(f'nodes $N: acknowledged $acked of $EVENTS; per statement: silo-to-silo segments {segs / a:.2f} ({by / a:.0f} bytes), '
      f'SQL statements {($calls1 - $calls0) / a:.2f}, commits {($xact1 - $xact0) / a:.2f}, tuples inserted {($ins1 - $ins0) / a:.2f}, '
      f'updated {($upd1 - $upd0) / a:.2f}; idle baseline {($idle_segs1 - $idle_segs0) / $seconds:.1f} segments/s')")
    log "$line"
    RESULTS+=("$line")
    log "$N node(s): the most frequent statements per acknowledged statement:"
    "${PSQL[@]}" -F' | ' -c "SELECT round(calls::numeric / greatest($acked, 1), 2), left(regexp_replace(query, '\s+', ' ', 'g'), 100)
        FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' ORDER BY calls DESC LIMIT 8" | sed 's/^/    /'
    stop_servers
done
log "summary"
printf '  %s\n' "${RESULTS[@]}"
