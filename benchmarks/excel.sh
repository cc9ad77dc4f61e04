#!/usr/bin/env bash
# Excel exports: N rows x 15 columns written by our streaming writer and by the Open XML SDK's DOM, each
# run in a process of its own (so each peak working set is one approach's), then a real export of the
# cases of a generated database with N cases through the report service, as a manager, with the database
# memory-mapped (the default) and not (the baseline).
# Usage: benchmarks/excel.sh [rows] [runs] [dom-max]   (Release build, production mode)
# The database is kept in benchmarks/.data (ignored by git); a queues.sh database of the same size is reused.
# On PostgreSQL: ASD_PROVIDER=PostgreSql ASD_CONNECTION='...' (see benchmarks/provider.sh); the memory map is
# SQLite's, so there the "not memory-mapped" line is the same export measured again.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/provider.sh
rows=${1:-100000}
runs=${2:-3}
dom_max=${3:-250000}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
suffix=; if [ "$is_sqlite" = 0 ]; then suffix=-postgresql; fi
dir=$PWD/benchmarks/.data/queues-$rows$suffix
if ! db_exists "$dir"; then dir=$PWD/benchmarks/.data/excel-$rows$suffix; fi
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
if ! db_exists "$dir"; then
    mkdir -p "$dir"
    (cd "$(dirname "$exe")" && /usr/bin/time -f "generation: peak RSS %M KB, %e s" "$exe" generate-data --orders "$rows" --cases "$rows" --seed 42)
fi
echo "$provider database $(db_size "$dir"); machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$(dirname "$exe")" && "$exe" benchmark-excel --rows "$rows" --runs "$runs" --dom-max "$dom_max")
