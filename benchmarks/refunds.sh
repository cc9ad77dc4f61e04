#!/usr/bin/env bash
# Refund proposal and approval throughput on SQLite: a fresh generated database (orders and cases),
# limits set so that every refund needs exactly one approval, then N proposals and N approvals from P
# concurrent callers through the refund service. Usage: benchmarks/refunds.sh [refunds] [parallel]
set -euo pipefail
cd "$(dirname "$0")/.."
refunds=${1:-2000}
parallel=${2:-8}
dotnet build AfterSalesDesk.Web -c Release -v q -nologo >/dev/null
exe=$PWD/AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web
dir=$(mktemp -d)
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$dir" Logging__LogLevel__Default=Warning
export Refunds__AgentLimitMinor=0 Refunds__DualApprovalAboveMinor=1000000000 Scheduler__Enabled=false
(cd "$(dirname "$exe")" && "$exe" generate-data --orders 400000 --cases 400000 --seed 42 >/dev/null)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; database $(du -h "$dir/aftersales.db" | cut -f1)"
(cd "$(dirname "$exe")" && /usr/bin/time -f "peak RSS %M KB" "$exe" benchmark-refunds --refunds "$refunds" --parallel "$parallel")
rm -rf "$dir"
