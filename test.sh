#!/usr/bin/env bash
# The README's test command, on a fresh Debian 12 machine too: installs what the tests need and the
# machine lacks, then runs every test (extra arguments go to dotnet test, e.g. --filter "...").
#   chromium               browser tests (Debian's build; Playwright's own downloads fail here)
#   libreoffice-calc-nogui an export test opens the workbook with LibreOffice, headless
#   postgresql             the PostgreSQL tests start a throwaway server of their own from its binaries
#   fonts-noto-cjk         Chinese text readable in the browser tests' screenshots
#   nodejs, npm            the API tests check the OpenAPI document with an npm validator
set -euo pipefail
cd "$(dirname "$0")"

installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }
postgres_bin() { compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; }

missing=()
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if ! command -v soffice >/dev/null; then missing+=(libreoffice-calc-nogui); fi
if ! postgres_bin; then missing+=(postgresql); fi
if ! installed fonts-noto-cjk; then missing+=(fonts-noto-cjk); fi
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]}"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null

    # Debian's package creates a cluster ("main", port 5432) and starts it where services may start. The tests
    # never use it (they start their own server), so stop what this install started.
    if [[ " ${missing[*]} " == *" postgresql "* ]]; then
        pg_lsclusters --no-header | while read -r version cluster _ status _; do
            if [[ "$status" == online* ]]; then $SUDO pg_ctlcluster "$version" "$cluster" stop; fi
        done
    fi
fi
# The OpenAPI validator the API's document is checked with (Integration/OpenApiDocumentTests), exactly as locked.
npm ci --prefix tools/openapi-check --no-audit --no-fund --silent

/usr/bin/chromium --version
soffice --version
"$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n 1)" --version

log=$(mktemp)
set +e
dotnet test AfterSalesDesk.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line for tools that read it: "N passed, N failed".
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
    failed=$(echo "$summary" | sed -E 's/Failed: +([0-9]+).*/\1/')
    passed=$(echo "$summary" | sed -E 's/.*Passed: +([0-9]+)/\1/')
    echo "${passed} passed, ${failed} failed"
fi
rm -f "$log"
exit "$status"
