#!/usr/bin/env bash
# Screenshots of every page per role (agent, supervisor, merchant, manager, admin), on a desktop (1280 × 800) and a
# phone (390 × 844), in English and Chinese, for people to look at: artifacts/screenshots/index.html shows them all.
# Usage: tools/screenshots.sh            (172 pictures, 2–3 minutes on two cores)
# Env: ROLES, LOCALES, WIDTHS narrow the set (e.g. ROLES=merchant WIDTHS=phone LOCALES=zh-CN); SCHEME=dark;
#      ASD_ORDERS (demo orders, default 300); ASD_PORT (default 5090).
# Needs what the tests need: Chromium at /usr/bin/chromium and fonts-noto-cjk for readable Chinese (test.sh
# installs both), and a build of the test project, whose output holds Playwright's node package.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
port=${ASD_PORT:-5090}
out=$repo/artifacts/screenshots
data=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$data"' EXIT

dotnet build AfterSalesDesk.sln -v q -nologo >/dev/null
package=$repo/AfterSalesDesk.Tests/bin/Debug/net10.0/.playwright/package
node=$repo/AfterSalesDesk.Tests/bin/Debug/net10.0/.playwright/node/linux-x64/node
if command -v node >/dev/null; then node=$(command -v node); fi

rm -rf "$out" && mkdir -p "$out"
(cd AfterSalesDesk.Web && exec env ASPNETCORE_ENVIRONMENT=Development Storage__DataDirectory="$data" Demo__Orders="${ASD_ORDERS:-300}" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
    dotnet bin/Debug/net10.0/AfterSalesDesk.Web.dll >"$data/app.log" 2>&1 </dev/null) &
app=$!
for _ in $(seq 180); do
    if curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null; then break; fi
    sleep 1
done
curl -sf -m 2 "http://127.0.0.1:$port/health" >/dev/null || { echo "the app did not start:" >&2; cat "$data/app.log" >&2; exit 1; }
# An API client, so that the integrations list has a row and its webhooks page can be shot.
(cd AfterSalesDesk.Web && env ASPNETCORE_ENVIRONMENT=Development Storage__DataDirectory="$data" Demo__Orders="${ASD_ORDERS:-300}" Logging__LogLevel__Default=Warning \
    dotnet bin/Debug/net10.0/AfterSalesDesk.Web.dll create-api-client --name "Storefront" --kind Storefront >/dev/null 2>>"$data/app.log")

PLAYWRIGHT_PACKAGE=$package "$node" tools/screenshots/shoot.js "http://127.0.0.1:$port/" "$out"
echo "open $out/index.html"
