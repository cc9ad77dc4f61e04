#!/usr/bin/env bash
# Queue pages and counts at scale: generates orders and cases into a fresh database (Release build,
# production mode), then times the queue services on it. Usage: benchmarks/queues.sh [cases] [runs]
# The database is kept in benchmarks/.data (ignored by git) so that re-runs skip the generation.
# On PostgreSQL: ASD_PROVIDER=PostgreSql ASD_CONNECTION='Host=...;Port=...;Database=...;Username=...' (an empty
# database; see benchmarks/provider.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/provider.sh
cases=${1:-1000000}
runs=${2:-50}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
dir=$PWD/benchmarks/.data/queues-$cases
if [ "$is_sqlite" = 0 ]; then dir=$dir-postgresql; fi
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
if ! db_exists "$dir"; then
    mkdir -p "$dir"
    (cd "$(dirname "$exe")" && /usr/bin/time -f "generation: peak RSS %M KB, %e s" "$exe" generate-data --orders "$cases" --cases "$cases" --seed 42)
fi
echo "$provider database $(db_size "$dir"); machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$(dirname "$exe")" && /usr/bin/time -f "benchmark: peak RSS %M KB" "$exe" benchmark-queues --runs "$runs")
