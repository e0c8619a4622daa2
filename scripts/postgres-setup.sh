#!/usr/bin/env bash
# Provisions what test/sql/sql-postgres.test.ts needs: a PostgreSQL server (initdb, pg_ctl, postgres, psql) from
# Debian's `postgresql` package. Does nothing when one is installed; installs it with apt when run as root;
# otherwise fails saying what to install. The test starts and stops its own server (test/sql/postgres-server.ts).
set -euo pipefail

installed() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}

if installed; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "postgres-setup: no PostgreSQL server found; install Debian's 'postgresql' package (apt-get install postgresql)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "postgres-setup: installing PostgreSQL (apt-get install postgresql)"
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
installed || { echo "postgres-setup: apt-get installed postgresql but no initdb was found" >&2; exit 1; }
