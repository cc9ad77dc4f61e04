#!/usr/bin/env bash
# Time from process start to /health = Healthy, for a fresh database (migrations, roles, demo users)
# and for a restart on the same data. Usage: benchmarks/startup.sh [runs]   (builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
port=5191

time_start() { # $1 = data dir; prints milliseconds until healthy
    local begin end pid
    begin=$(date +%s%N)
    (cd "$(dirname "$exe")" && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:$port \
        Storage__DataDirectory="$1" Logging__LogLevel__Default=Error exec "$exe") >/dev/null 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.02; done
    end=$(date +%s%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo $(( (end - begin) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

fresh=(); restart=()
for _ in $(seq "$runs"); do
    dir=$(mktemp -d)
    fresh+=("$(time_start "$dir")")
    restart+=("$(time_start "$dir")")
    rm -rf "$dir"
done
echo "fresh database:  ${fresh[*]} ms -> median $(printf '%s\n' "${fresh[@]}" | median) ms"
echo "restart:         ${restart[*]} ms -> median $(printf '%s\n' "${restart[@]}" | median) ms"
