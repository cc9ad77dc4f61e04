#!/usr/bin/env bash
# Times the deterministic data generator into a fresh database (Release build, production mode so
# no demo data is seeded first). Usage: benchmarks/generate.sh [orders] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1000000}
runs=${2:-3}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
for run in $(seq "$runs"); do
    dir=$(mktemp -d)
    start=$(date +%s%N)
    (cd "$(dirname "$exe")" && ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning \
        /usr/bin/time -f "peak RSS %M KB" "$exe" generate-data --orders "$orders" --seed 42)
    end=$(date +%s%N)
    echo "run $run: wall $(( (end - start) / 1000000 )) ms (includes start-up and migrations); database $(du -h "$dir/aftersales.db" | cut -f1)"
    rm -rf "$dir"
done
