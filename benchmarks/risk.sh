#!/usr/bin/env bash
# The refund-risk score at scale: precision and recall against the generator's labels, and the cost of one score.
# Generates orders and cases with the buyer mix (abusive buyers of known patterns among ordinary ones) into a fresh
# database (Release build, production mode), then scores a seeded random sample of its cases, each as of its own
# opening. Usage: benchmarks/risk.sh [cases] [sample] [runs] [extra benchmark-risk options, e.g. --facts FILE]
# The database and the labels file (generated-abusers.csv, beside it; never read by the app) are kept in
# benchmarks/.data (ignored by git) so that re-runs skip the generation. Rule sets can be tried without a rebuild:
# Risk__NotReceivedPoints=35 benchmarks/risk.sh (configuration section "Risk").
# On PostgreSQL: ASD_PROVIDER=PostgreSql ASD_CONNECTION='Host=...;Port=...;Database=...;Username=...' (an empty
# database; see benchmarks/provider.sh); the labels file then goes to the data directory below.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/provider.sh
cases=${1:-1000000}
sample=${2:-20000}
runs=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
dir=$PWD/benchmarks/.data/risk-$cases
if [ "$is_sqlite" = 0 ]; then dir=$dir-postgresql; fi
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
if ! db_exists "$dir"; then
    mkdir -p "$dir"
    (cd "$(dirname "$exe")" && /usr/bin/time -f "generation: peak RSS %M KB, %e s" "$exe" generate-data --orders "$cases" --cases "$cases" --seed 42)
fi
echo "$provider database $(db_size "$dir"); machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$(dirname "$exe")" && /usr/bin/time -f "benchmark: peak RSS %M KB" "$exe" benchmark-risk --sample "$sample" --seed 7 --runs "$runs" "$@")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
