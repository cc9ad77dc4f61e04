#!/usr/bin/env bash
# Dashboard loads at scale: reuses (or makes) the queue benchmark's database of a million orders and cases
# (benchmarks/queues.sh generates it; ~5 min), rebuilds the dashboard's rollups (timed), then times loads
# with rollups and the same figures from the base tables. Usage: benchmarks/dashboard.sh [cases] [runs] [direct-runs] [--keep-rollups]
# The machine is shared: the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
runs=${2:-30}
direct=${3:-3}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
dir=$PWD/benchmarks/.data/queues-$cases
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
if [ ! -f "$dir/aftersales.db" ]; then
    mkdir -p "$dir"
    echo "generating; load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$(dirname "$exe")" && /usr/bin/time -f "generation: peak RSS %M KB, %e s" "$exe" generate-data --orders "$cases" --cases "$cases" --seed 42)
fi
echo "database $(du -h "$dir/aftersales.db" | cut -f1); machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$(dirname "$exe")" && /usr/bin/time -f "benchmark: peak RSS %M KB" "$exe" benchmark-dashboard --runs "$runs" --direct-runs "$direct" "${@:4}")
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
