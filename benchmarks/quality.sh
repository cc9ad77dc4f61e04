#!/usr/bin/env bash
# The dashboard's product quality at scale (decision 0027): reuses (or makes) the queue benchmark's database of a million
# orders and cases (benchmarks/queues.sh generates it), applies the migrations, builds the rollups if their product rows
# are missing (timed), then times the section's loads and the cases list it links to.
# Usage: benchmarks/quality.sh [cases] [runs]   (Release build, production mode; the machine is shared: load printed)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
runs=${2:-20}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
dir=$PWD/benchmarks/.data/queues-$cases
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
if [ ! -f "$dir/aftersales.db" ]; then
    mkdir -p "$dir"
    (cd "$(dirname "$exe")" && /usr/bin/time -f "generation: peak RSS %M KB, %e s" "$exe" generate-data --orders "$cases" --cases "$cases" --seed 42)
fi
echo "database $(du -h "$dir/aftersales.db" | cut -f1); machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$(dirname "$exe")" && /usr/bin/time -f "benchmark: peak RSS %M KB" "$exe" benchmark-quality --runs "$runs")
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
