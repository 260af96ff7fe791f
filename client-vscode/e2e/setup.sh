#!/usr/bin/env bash
# Install what the VS Code end-to-end test needs, on a fresh Debian 12 machine (as root):
#   - apt: libkrb5-dev (code-server's kerberos module builds from source), ripgrep,
#     chromium, build-essential + python3 (node-gyp for node-pty/argon2/kerberos);
#   - code-server (npm) and playwright-core (npm, no browser download) into a tools
#     prefix outside the repository: ${HPCLS_E2E_TOOLS:-$HOME/.cache/hpcls-e2e}.
# Idempotent: a stamp file in the prefix records a finished install; a second run only
# checks it. Non-interactive. Needs Node 20 (code-server 4.99's engines.node) and npm.
#
# Environment:
#   HPCLS_E2E_TOOLS   tools prefix (default $HOME/.cache/hpcls-e2e)
#   HPCLS_E2E_FORCE=1 reinstall even when the stamp is present
# `setup.sh --check` only tells (exit 0: installed, 1: not).
set -euo pipefail

START=$(date +%s)
CODE_SERVER_VERSION=4.99.4
PLAYWRIGHT_VERSION=1.65.1
TOOLS=${HPCLS_E2E_TOOLS:-$HOME/.cache/hpcls-e2e}
STAMP="$TOOLS/.installed-code-server-$CODE_SERVER_VERSION-playwright-core-$PLAYWRIGHT_VERSION"

say() { printf '[hpcls-e2e setup] %s\n' "$*"; }
done_in() { say "done in $(( $(date +%s) - START )) s ($1)"; }

installed() {
    [[ -f "$STAMP" && -x "$TOOLS/node_modules/.bin/code-server" \
       && -f "$TOOLS/node_modules/playwright-core/package.json" && -x /usr/bin/chromium ]]
}
if [[ "${1:-}" == --check ]]; then  # exit 0 when installed, 1 when not; changes nothing
    if installed; then say "installed in $TOOLS"; exit 0; fi
    say "not installed in $TOOLS"; exit 1
fi
if installed && [[ "${HPCLS_E2E_FORCE:-0}" != 1 ]]; then
    done_in "already installed in $TOOLS"
    exit 0
fi

# --- Node -------------------------------------------------------------------------------
command -v node >/dev/null || { say "node is missing (need Node 20)"; exit 2; }
command -v npm >/dev/null || { say "npm is missing"; exit 2; }
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [[ "$NODE_MAJOR" != 20 ]]; then
    say "Node $NODE_MAJOR found; code-server $CODE_SERVER_VERSION needs Node 20"; exit 2
fi

# --- apt ----------------------------------------------------------------------------------
APT_PACKAGES=(libkrb5-dev ripgrep chromium build-essential python3 pkg-config ca-certificates)
missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
    say "apt-get install ${missing[*]}"
    SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
RG=$(command -v rg)

# --- the ripgrep cache trick ----------------------------------------------------------------
# code-server's @vscode/ripgrep postinstall downloads rg from GitHub (unreachable here).
# It first looks for $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<tag>-<target>.tar.gz:
# seed it with Debian's rg. The package version comes from code-server's shrinkwrap, the
# tag from that package's postinstall.js.
mkdir -p "$TOOLS"
WORK=$(mktemp -d "$TOOLS/setup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export TMPDIR="$TOOLS/tmp"
mkdir -p "$TMPDIR"
(
    cd "$WORK"
    npm pack --silent "code-server@$CODE_SERVER_VERSION" >/dev/null
    tar xzf "code-server-$CODE_SERVER_VERSION.tgz" package/lib/vscode/npm-shrinkwrap.json
    RG_PKG=$(node -p 'require("./package/lib/vscode/npm-shrinkwrap.json").packages["node_modules/@vscode/ripgrep"].version')
    npm pack --silent "@vscode/ripgrep@$RG_PKG" >/dev/null
    mkdir rgpkg && tar xzf "vscode-ripgrep-$RG_PKG.tgz" -C rgpkg
    RG_TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" rgpkg/package/lib/postinstall.js)
    [[ -n "$RG_TAG" ]] || { echo "cannot read the ripgrep tag"; exit 3; }
    case "$(uname -m)" in
        x86_64) TARGET=x86_64-unknown-linux-musl ;;
        aarch64) TARGET=aarch64-unknown-linux-musl ;;
        *) echo "unsupported arch $(uname -m)"; exit 3 ;;
    esac
    CACHE="$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
    mkdir -p "$CACHE" rgdir
    cp "$RG" rgdir/rg
    tar czf "$CACHE/ripgrep-$RG_TAG-$TARGET.tar.gz" -C rgdir rg
    echo "[hpcls-e2e setup] ripgrep cache: $CACHE/ripgrep-$RG_TAG-$TARGET.tar.gz"
)

# --- npm: code-server + playwright-core into the tools prefix -------------------------------
export npm_config_yes=true                 # this machine's npmrc says yes=false: breaks node-pty
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # we use Debian's /usr/bin/chromium
# node-gyp (argon2, kerberos, node-pty) otherwise downloads Node's headers from nodejs.org,
# which these machines cannot reach; the installed Node ships them under /usr/include/node.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then
    export npm_config_nodedir=/usr
fi
[[ -f "$TOOLS/package.json" ]] || echo '{"name":"hpcls-e2e-tools","private":true}' > "$TOOLS/package.json"
say "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $TOOLS (a few minutes)"
npm install --prefix "$TOOLS" --unsafe-perm --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" > "$TOOLS/npm-install.log" 2>&1 \
    || { tail -n 60 "$TOOLS/npm-install.log"; say "npm install failed (log: $TOOLS/npm-install.log)"; exit 1; }

"$TOOLS/node_modules/.bin/code-server" --version | head -1
[[ -x "$TOOLS/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]] \
    || { say "code-server's rg is missing"; exit 1; }
/usr/bin/chromium --version

rm -f "$TOOLS"/.installed-*
date -u +%FT%TZ > "$STAMP"
done_in "installed into $TOOLS"
