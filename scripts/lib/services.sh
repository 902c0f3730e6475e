# shellcheck shell=bash
# PostgreSQL and Redis for the scripts: check that they answer and, when they are local and installed but stopped,
# start them. Source this file, then `ensure_postgres || exit 1` and `ensure_redis || exit 1`.
# Hosts and ports come from DATABASE_URL and REDIS_URL (defaults: 127.0.0.1:5432 and 127.0.0.1:6379).

# Prints "host port" of a URL, with the scheme's default port.
_services_host_port() {
  node -e '
    const url = new URL(process.argv[1]);
    const port = url.port || (url.protocol.startsWith("redis") ? "6379" : "5432");
    console.log(url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port);
  ' "$1"
}

_services_is_local() {
  case "$1" in 127.0.0.1 | localhost | ::1 | 0.0.0.0) return 0 ;; *) return 1 ;; esac
}

# A bare TCP connect: enough to tell "nothing listening" from "up", without needing the clients installed.
_services_tcp_open() {
  node -e '
    const socket = require("node:net").connect({ host: process.argv[1], port: Number(process.argv[2]) });
    socket.setTimeout(2000, () => process.exit(1));
    socket.on("connect", () => process.exit(0));
    socket.on("error", () => process.exit(1));
  ' "$1" "$2"
}

_services_postgres_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 3
  else
    _services_tcp_open "$1" "$2"
  fi
}

_services_redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -u "$1" ping 2>/dev/null)" = "PONG" ]
  else
    _services_tcp_open "$2" "$3"
  fi
}

# Polls a check for up to 30 seconds.
_services_wait() {
  local i
  for i in $(seq 1 60); do
    "$@" && return 0
    sleep 0.5
  done
  return 1
}

_services_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

ensure_postgres() {
  local url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/marquee}" host port version
  read -r host port < <(_services_host_port "$url")
  if _services_postgres_up "$host" "$port"; then
    echo "PostgreSQL is up at $host:$port."
    return 0
  fi
  if _services_is_local "$host" && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    if [ -n "$version" ]; then
      echo "PostgreSQL is not answering at $host:$port; starting cluster $version/main..."
      if _services_as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start &&
        _services_wait _services_postgres_up "$host" "$port"; then
        echo "PostgreSQL is up at $host:$port."
        return 0
      fi
    fi
  fi
  cat >&2 <<EOF
PostgreSQL is not reachable at $host:$port (from DATABASE_URL).
Start one of these ways, then run this again:
  - Debian/Ubuntu: sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect <version> main start
    (and allow local connections for the user in DATABASE_URL, e.g. trust auth for 127.0.0.1 in pg_hba.conf)
  - Docker: docker compose up -d postgres
  - or point DATABASE_URL (in .env) at a PostgreSQL 15+ server you can CREATE DATABASE on.
EOF
  return 1
}

ensure_redis() {
  local url="${REDIS_URL:-redis://127.0.0.1:6379}" host port
  read -r host port < <(_services_host_port "$url")
  if _services_redis_up "$url" "$host" "$port"; then
    echo "Redis is up at $host:$port."
    return 0
  fi
  if _services_is_local "$host" && command -v redis-server >/dev/null 2>&1; then
    echo "Redis is not answering at $host:$port; starting redis-server..."
    # Throwaway data only (holds, rate limits): no snapshots, no append-only file.
    if redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no \
      --dir "${TMPDIR:-/tmp}" >/dev/null &&
      _services_wait _services_redis_up "$url" "$host" "$port"; then
      echo "Redis is up at $host:$port."
      return 0
    fi
  fi
  cat >&2 <<EOF
Redis is not reachable at $host:$port (from REDIS_URL).
Start one of these ways, then run this again:
  - Debian/Ubuntu: sudo apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port $port --save "" --appendonly no
  - Docker: docker compose up -d redis
  - or point REDIS_URL (in .env) at a Redis 7 server.
EOF
  return 1
}
