#!/usr/bin/env bash
# Provisions what the statement test (test/cli/statement.test.ts: PDF and screenshot of `billing statement`) needs:
# Debian's chromium at /usr/bin/chromium. Does nothing when it is there; installs it with apt when run as root;
# otherwise fails saying what to install. (scripts/e2e-setup.sh installs the same package for the e2e suite.)
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium-setup: no /usr/bin/chromium; install Debian's 'chromium' package (apt-get install chromium)" >&2
    exit 1
fi
echo "chromium-setup: installing chromium (apt-get install chromium)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "chromium-setup: apt-get installed chromium but /usr/bin/chromium is missing" >&2; exit 1; }
