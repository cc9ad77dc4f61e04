#!/usr/bin/env bash
# Order batches through the integration API over real HTTP on loopback (issue 18; docs/benchmarks.md):
#   benchmarks/api.sh [ORDERS] [BATCH] [PARALLEL] [CASES] [CLIENTS]   (defaults 20000 500 4 0 16)
# With CASES > 0 it then opens that many cases as a storefront client from CLIENTS clients at once.
# Starts the Release build in production mode on a new, empty database (SQLite, or ASD_PROVIDER=PostgreSql with
# ASD_CONNECTION naming an empty database), creates an order-system client with create-api-client, and runs the load
# client (benchmark-api) against it.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/provider.sh
orders=${1:-20000}; batch=${2:-500}; parallel=${3:-4}; cases=${4:-0}; clients=${5:-16}
port=${ASD_PORT:-5193}
data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT

dotnet build AfterSalesDesk.Web -c Release -v quiet -nologo >/dev/null
app=AfterSalesDesk.Web/bin/Release/net10.0/AfterSalesDesk.Web.dll
# The app runs from its build folder, as the other benchmarks do: its content root is the working folder, and from the
# repository's root it would find no appsettings.json (every SQL command then logged at Information).
cd "$(dirname "$app")"
app=AfterSalesDesk.Web.dll
export ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$data" Api__RequestsPerSecond=100000 Api__Burst=100000
secret=$(dotnet "$app" create-api-client --name "Benchmark order system" --kind OrderSystem 2>/dev/null | grep "^asd_")
storefront=$(dotnet "$app" create-api-client --name "Benchmark storefront" --kind Storefront 2>/dev/null | grep "^asd_")
ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$app" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

echo "provider=$provider cores=$(nproc) $(date -u +%FT%TZ)"
dotnet "$app" benchmark-api --url "http://127.0.0.1:$port" --secret "$secret" --orders "$orders" --batch "$batch" --parallel "$parallel" \
    --cases "$cases" --storefront "$storefront" --clients "$clients"
echo "database size: $(db_size "$data")"
