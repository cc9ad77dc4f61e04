#!/usr/bin/env bash
# Excel writers (issue 17): the cases export, N made-up rows x 17 columns, written by our XlsxStreamWriter and by
# SpreadCheetah in the same run, alternating, each writer in a process of its own per round (two passes: cold, warm).
# No database. Usage: benchmarks/excel-writers.sh [rows] [rounds] [rows-per-sheet]   (Release build, server GC)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
rounds=${2:-3}
rows_per_sheet=${3:-1000000}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . && echo "" || echo " with uncommitted changes")"
(cd "$(dirname "$exe")" && "$exe" benchmark-excel-writers --rows "$rows" --rounds "$rounds" --rows-per-sheet "$rows_per_sheet")
