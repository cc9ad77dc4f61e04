#!/usr/bin/env bash
# UI capacity (issue 17): N logged-in agents with the queue page open, on the Radzen build (before) and the
# MudBlazor build (after), side by side. Usage:
#   benchmarks/circuits.sh [rounds] [levels] [clicks]      e.g. benchmarks/circuits.sh 2 100,300,1000 40
# Env: ASD_BEFORE (commit, default 9b0cbbf: the last before the MudBlazor move), ASD_AFTER (default HEAD),
#      ASD_CASES (generated orders and cases, default 100000), ASD_MAX_LOAD (wait up to 10 min before each run
#      for the 1-minute load average to fall below it, default 3; the run goes ahead anyway and logs the load).
# Each build is exported (git archive) and published in Release into benchmarks/.data/circuits-src/<commit>, and
# runs in production mode on its own copy of one database and its own port; runs alternate before/after.
# benchmarks/CircuitLoad (not in the solution) holds the circuits and measures; results and gcdumps land in
# benchmarks/.data/circuits-results/<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
rounds=${1:-2}
levels=${2:-100,300,1000}
clicks=${3:-40}
before=$(git rev-parse --short "${ASD_BEFORE:-9b0cbbf}")
after=$(git rev-parse --short "${ASD_AFTER:-HEAD}")
cases=${ASD_CASES:-100000}
max_load=${ASD_MAX_LOAD:-3}
data=$repo/benchmarks/.data
results=$data/circuits-results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"

publish() { # $1: commit -> prints the published folder
    local src=$data/circuits-src/$1
    if [ ! -x "$src/publish/AfterSalesDesk.Web" ]; then
        rm -rf "$src" && mkdir -p "$src"
        git archive "$1" | tar -x -C "$src"
        (cd "$src" && dotnet publish AfterSalesDesk.Web -c Release -o "$src/publish" -v q -nologo >&2)
    fi
    echo "$src/publish"
}

start_app() { # $1: published folder, $2: data directory, $3: port, then extra VAR=value settings -> prints the pid
    local folder=$1 dir=$2 port=$3
    shift 3
    cd "$folder" || return 1
    # Risk__Backfill=false: the generated open cases have no risk score, and scoring them at start-up would share the
    # cores with the circuits being measured.
    env ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" ASPNETCORE_URLS="http://127.0.0.1:$port" \
        Session__IdleMinutes=240 Logging__LogLevel__Default=Warning Risk__Backfill=false "$@" ./AfterSalesDesk.Web >"$dir.log" 2>&1 </dev/null &
    echo $!
}

wait_healthy() { # $1: port
    for _ in $(seq 180); do
        if curl -sf -m 2 "http://127.0.0.1:$1/health" >/dev/null; then return 0; fi
        sleep 1
    done
    echo "the app on port $1 did not become healthy" >&2; return 1
}

stop_app() { # $1: pid
    kill -TERM "$1" 2>/dev/null || true
    while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
}

before_dir=$(publish "$before")
after_dir=$(publish "$after")
dotnet tool restore >/dev/null
dotnet build benchmarks/CircuitLoad -c Release -v q -nologo >/dev/null
client=$repo/benchmarks/CircuitLoad/bin/Release/net10.0/CircuitLoad.dll

# One database for both builds (the schema did not change between them): generated cases, then the demo users
# (agents agent1/agent2 with the demo password) seeded by one start in demo mode, checkpointed into one file.
template=$data/circuits-$cases
if [ ! -f "$template/aftersales.db" ]; then
    mkdir -p "$template"
    (cd "$after_dir" && ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$template" Logging__LogLevel__Default=Warning \
        ./AfterSalesDesk.Web generate-data --orders "$cases" --cases "$cases" --seed 42)
    pid=$(start_app "$after_dir" "$template" 5399 Demo__Enabled=true Demo__Password=Demo-Pass-2026 Scheduler__Enabled=false)
    wait_healthy 5399
    stop_app "$pid"
    sqlite3 "$template/aftersales.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
fi

echo "database: $cases orders and cases ($(du -h "$template/aftersales.db" | cut -f1)), $(sqlite3 "$template/aftersales.db" \
    "select count(*) from AfterSalesCases where IsOpen = 1 and AssigneeId is null") open and unassigned; before $before, after $after;" \
    "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB" | tee "$results/summary.md"

port=5400
for round in $(seq "$rounds"); do
    for build in before after; do
        for _ in $(seq 60); do
            if awk -v max="$max_load" '{ exit !($1 < max) }' /proc/loadavg; then break; fi
            sleep 10
        done
        dir=$data/circuits-run/$build-$round
        rm -rf "$dir" && mkdir -p "$dir"
        cp "$template/aftersales.db" "$dir/" && cp -r "$template/keys" "$dir/"
        published=$before_dir
        if [ "$build" = after ]; then published=$after_dir; fi
        port=$((port + 1))
        pid=$(start_app "$published" "$dir" "$port")
        wait_healthy "$port"
        echo "round $round, $build ($([ "$build" = after ] && echo "$after" || echo "$before")): load $(cut -d' ' -f1-3 /proc/loadavg)"
        dotnet "$client" --base "http://127.0.0.1:$port/" --pid "$pid" --repo "$repo" --out "$results" --label "$build-$round" \
            --levels "$levels" --clicks "$clicks" | tee "$results/$build-$round.log" || true
        stop_app "$pid"
        grep '^| ' "$results/$build-$round.log" | tail -n +3 >>"$results/table.md" || true
    done
done

{
    echo
    echo "| build | circuits | managed heap: live objects (MB) | per circuit (KB) | heap after full GC (MB) | per circuit (KB) | server RSS (MB) | click p50 (ms) | click p95 (ms) | others re-rendered p50 / p95 (ms) | load (1 min) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$results/table.md"
} | tee -a "$results/summary.md"
echo "results: $results"
