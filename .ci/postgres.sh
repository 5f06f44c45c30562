# Sourced by .ci/run: a throwaway PostgreSQL server on loopback for the store tests.
# Installs Debian's postgresql when it is missing, starts a server in a temporary directory
# (as the postgres user when running as root), creates a database, exports
# REPORTEDLY_TEST_POSTGRES_URL and stops the server when the calling shell exits.

_pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_pg_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        return 1; fi
}

start_test_postgres() {
    if [ -z "$(_pg_bindir)" ]; then
        echo "postgres: installing Debian's postgresql" >&2
        _pg_as_root apt-get update -qq &&
            _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
                >/dev/null || { echo "postgres: cannot install it" >&2; return 1; }
    fi
    local bindir run dir port
    bindir="$(_pg_bindir)"
    dir="$(mktemp -d)"
    if [ "$(id -u)" = 0 ]; then
        # The server refuses to run as root.
        chown postgres "$dir"
        run="runuser -u postgres --"
    else
        run=""
    fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    $run "$bindir/initdb" -D "$dir/data" -A trust -U reportedly -E UTF8 --no-sync >/dev/null
    $run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" \
        start >/dev/null
    $run "$bindir/createdb" -h 127.0.0.1 -p "$port" -U reportedly reportedly_test
    export REPORTEDLY_TEST_POSTGRES_URL="postgresql+psycopg://reportedly@127.0.0.1:$port/reportedly_test"
    _PG_STOP="$run $bindir/pg_ctl -D $dir/data -m fast -w stop"
    _PG_DIR="$dir"
    trap 'stop_test_postgres' EXIT
    echo "postgres: test server on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
    if [ -n "${_PG_STOP:-}" ]; then
        $_PG_STOP >/dev/null 2>&1 || true
        rm -rf "$_PG_DIR"
        _PG_STOP=""
    fi
}
