#!/usr/bin/env bash
# Refund proposal and approval throughput: a fresh generated database (orders and cases),
# limits set so that every refund needs exactly one approval, then N proposals and N approvals from P
# concurrent callers through the refund service. Usage: benchmarks/refunds.sh [refunds] [parallel] [orders-and-cases]
# On PostgreSQL: ASD_PROVIDER=PostgreSql ASD_CONNECTION='Host=...;Port=...;Database=...;Username=...' (an empty
# database, left filled afterwards; see benchmarks/provider.sh). ASD_DATA_DIR=DIR: run on a database generated
# before (e.g. queues.sh's benchmarks/.data/queues-N, or with PostgreSQL its -postgresql directory) instead of a
# fresh one; its cases awaiting a refund are used up.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/provider.sh
refunds=${1:-2000}
parallel=${2:-8}
size=${3:-400000}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
dir=${ASD_DATA_DIR:-$(mktemp -d)}
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
export Refunds__AgentLimitMinor=0 Refunds__DualApprovalAboveMinor=1000000000 Scheduler__Enabled=false
if [ -z "${ASD_DATA_DIR:-}" ]; then
    (cd "$(dirname "$exe")" && "$exe" generate-data --orders "$size" --cases "$size" --seed 42 >/dev/null)
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg); $provider database $(db_size "$dir")"
(cd "$(dirname "$exe")" && /usr/bin/time -f "peak RSS %M KB" "$exe" benchmark-refunds --refunds "$refunds" --parallel "$parallel")
if [ -z "${ASD_DATA_DIR:-}" ]; then rm -rf "$dir"; fi
