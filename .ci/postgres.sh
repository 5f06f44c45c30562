# Sourced by .ci/run: a throwaway PostgreSQL server on loopback for the store tests.
# Installs Debian's postgresql when it is missing (as root, or through sudo), starts a server in
# a temporary directory (as the postgres user when running as root: the server refuses root),
# creates a database, exports REPORTEDLY_TEST_POSTGRES_URL and stops the server when the
# calling shell exits. Every step that fails says so and makes start_test_postgres return 1.

_pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_pg_as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        echo "postgres: need root or password-less sudo to run: $*" >&2
        return 1
    fi
}

_pg_fail() {
    echo "postgres: $*" >&2
    return 1
}

_pg_install() {
    echo "postgres: installing Debian's postgresql" >&2
    _pg_as_root apt-get update -qq || _pg_fail "apt-get update failed" || return 1
    # The package's own cluster is not used (nor needed running); ours is below.
    _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql >/dev/null || _pg_fail "apt-get install postgresql failed" || return 1
}

start_test_postgres() {
    if [ -z "$(_pg_bindir)" ]; then
        _pg_install || return 1
    fi
    local bindir run dir port
    bindir="$(_pg_bindir)"
    [ -x "$bindir/initdb" ] || _pg_fail "no initdb under /usr/lib/postgresql" || return 1
    dir="$(mktemp -d)" || _pg_fail "cannot make a temporary directory" || return 1
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || _pg_fail "no postgres user to run the server" || return 1
        chown postgres "$dir"
        run="runuser -u postgres --"
    else
        run=""
    fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    $run "$bindir/initdb" -D "$dir/data" -A trust -U reportedly -E UTF8 --no-sync >/dev/null ||
        _pg_fail "initdb failed" || return 1
    if ! $run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" \
        start >/dev/null; then
        cat "$dir/server.log" >&2 2>/dev/null
        _pg_fail "the server did not start (its log is above)"
        return 1
    fi
    _PG_STOP="$run $bindir/pg_ctl -D $dir/data -m fast -w stop"
    _PG_DIR="$dir"
    trap 'stop_test_postgres' EXIT
    $run "$bindir/createdb" -h 127.0.0.1 -p "$port" -U reportedly reportedly_test ||
        _pg_fail "createdb failed" || return 1
    export REPORTEDLY_TEST_POSTGRES_URL="postgresql+psycopg://reportedly@127.0.0.1:$port/reportedly_test"
    echo "postgres: test server on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
    if [ -n "${_PG_STOP:-}" ]; then
        $_PG_STOP >/dev/null 2>&1 || true
        rm -rf "$_PG_DIR"
        _PG_STOP=""
    fi
}
