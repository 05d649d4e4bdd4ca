#!/usr/bin/env bash
# Proves the README's two commands work on a fresh machine: clones the repository (its committed
# HEAD) into a temporary directory and runs `bash .ci/run` there with a cleared environment, an
# empty HOME and so no toolchain cache (~/.cache/autoconf-e2e), pnpm store or npm cache.
#
#   scripts/check-fresh.sh [repository]     default: this checkout
#
# The clone is removed when the run passes and kept for inspection when it fails. Needs root,
# like .ci/run (apt-get, the test world's namespaces) and network access to the npm registry.
set -euo pipefail
SOURCE="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/autoconf-fresh.XXXXXX")
mkdir "$WORK/home"
git clone --quiet "$SOURCE" "$WORK/repo"
echo "fresh clone of $(git -C "$WORK/repo" rev-parse --short HEAD) in $WORK/repo, HOME=$WORK/home"
started=$(date +%s)
status=0
(cd "$WORK/repo" && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$WORK/home" LANG=C.UTF-8 TERM=dumb bash .ci/run) || status=$?
echo "bash .ci/run exited $status after $(( $(date +%s) - started )) s"
if [[ "$status" -eq 0 ]]; then rm -rf "$WORK"; else echo "kept for inspection: $WORK"; fi
exit "$status"
