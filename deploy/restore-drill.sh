#!/usr/bin/env bash
# The quarterly restore drill (README, "Running it for UNOCT"): restores the
# latest copy of the database from its replica into a temporary folder and
# checks it with `jpoa-tracker check`. The live database and the replica
# are only read; the copy is deleted at the end.
#
#   sudo deploy/restore-drill.sh [ENV_FILE]       (default /etc/jpoa-tracker/env)
#
# Exit 0 when the copy restores, passes SQLite's integrity check and is at
# the binary's schema version, and check finds nothing else wrong; 3 when
# check warns only (e.g. no mail server yet); anything else is a failed
# drill. Run on a spare machine, it also proves that the replica alone is
# enough: copy the binaries, litestream.yml and the env file there.
#
# Where the tools are, if not the installed ones: LITESTREAM, JPOA_TRACKER,
# JPOA_LITESTREAM_CONFIG (tests/app/operations/deploy.rs runs it so).
set -euo pipefail

env_file=${1:-/etc/jpoa-tracker/env}
litestream=${LITESTREAM:-/usr/local/bin/litestream}
tracker=${JPOA_TRACKER:-/usr/local/bin/jpoa-tracker}
config=${JPOA_LITESTREAM_CONFIG:-/etc/jpoa-tracker/litestream.yml}

set -a
# shellcheck source=/dev/null
. "$env_file"
set +a
export JPOA_DB=${JPOA_DB:-/var/lib/jpoa-tracker/jpoa.db}
if [ -z "${JPOA_REPLICA_URL:-}" ]; then
    echo "restore drill: JPOA_REPLICA_URL is not set in $env_file" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy="$work/jpoa.db"

echo "== restoring the latest copy of $JPOA_DB from the replica"
began=$(date +%s)
if ! "$litestream" restore -config "$config" -o "$copy" "$JPOA_DB"; then
    echo "restore drill FAILED: litestream could not restore from the replica" >&2
    exit 1
fi
newest=$("$litestream" ltx -config "$config" "$JPOA_DB" | awk 'NR > 1 { print $5 }' | sort | tail -n 1)
echo "restored $(stat -c %s "$copy") bytes in $(( $(date +%s) - began )) s; the newest transaction in the replica was uploaded at ${newest:-?}"

echo "== checking the copy"
status=0
"$tracker" check --db "$copy" || status=$?
case $status in
    0) echo "restore drill passed" ;;
    3) echo "restore drill passed, with the warnings above" ;;
    *) echo "restore drill FAILED: see the FAIL lines above" >&2 ;;
esac
exit "$status"
