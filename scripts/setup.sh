#!/usr/bin/env bash
# Sets up a fresh machine for development and tests: pnpm, the Debian packages the
# test world runs (real DNS, SMTP, IMAP servers; never started as host services),
# and the workspace's npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION"
fi

if [ "${1:-}" != "--no-system" ]; then
  mapfile -t wanted < <(grep -v '^\s*#' .ci/apt-packages.txt | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
  missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    # Postfix asks a question at install time: answer "No configuration" (tests bring their own).
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    # Keep apt from starting the servers as host services; tests run them privately.
    # (Only a file we create is removed again: a machine may already have its own.)
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

pnpm install --frozen-lockfile
pnpm build
