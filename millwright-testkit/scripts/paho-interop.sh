#!/usr/bin/env bash
# Runs the Eclipse Paho MQTT interoperability suite (paho.mqtt.testing, interoperability/client_test5.py for MQTT 5
# and client_test.py for MQTT 3.1.1) against a Millwright started here in anonymous mode, on free ports, with a
# throw-away data directory. Needs python3 (standard library only) and a checkout of paho.mqtt.testing; nothing of
# the suite is copied into this repository.
#
# Usage: millwright-testkit/scripts/paho-interop.sh PATH-TO-paho.mqtt.testing [ROUNDS]
#   ROUNDS (default 2) runs each script that many times against the same server, so that state one run leaves
#   behind (retained messages, sessions) is shown not to break the next.
# Exit status: 0 when every run of both scripts passed.
set -euo pipefail

paho="${1:?usage: $0 PATH-TO-paho.mqtt.testing [ROUNDS]}"
rounds="${2:-2}"
suite="$(cd "$paho/interoperability" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
server_pid=

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The settings the suite needs: anonymous clients, a topic filter nobody may subscribe to (test_subscribe_failure
# expects SUBACK 0x80), and a Server Keep Alive of 60 s (test_server_keep_alive connects with 120).
cat > "$work/interop.yaml" <<YAML
data-dir: $work/data
http:
  port: 0
mqtt:
  port: 0
  ws-port: -1
  allow-anonymous: true
  deny-subscribe: ["test/nosubscribe"]
  max-keep-alive: 60
YAML

"$root/millwright" start --config "$work/interop.yaml" > "$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 300); do
  port="$(sed -n 's/.*Millwright ready: .*mqtt=\([0-9]*\).*/\1/p' "$work/server.log")"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "Millwright did not start" >&2; exit 1; }
  sleep 1
done
[ -n "$port" ] || { echo "Millwright was not ready in 300 s" >&2; exit 1; }
echo "Millwright (pid $server_pid) listening for MQTT on port $port; log: $work/server.log"

failed=0
for round in $(seq 1 "$rounds"); do
  echo "== round $round: client_test5.py (MQTT 5) =="
  # client_test5.py takes -p itself (and removes it before unittest reads the arguments); its -h would reach
  # unittest as --help, so the host stays the default, localhost.
  (cd "$suite" && python3 client_test5.py -p "$port") || failed=1
  echo "== round $round: client_test.py (MQTT 3.1.1) =="
  # client_test.py reads -p but leaves it in sys.argv, where unittest.main() rejects it: hand unittest the
  # program name only.
  (cd "$suite" && python3 - "$port" <<'PY') || failed=1
import runpy, sys, unittest
run_tests = unittest.main
unittest.main = lambda *args, **kwargs: run_tests(*args, argv=["client_test.py"], **kwargs)
sys.argv = ["client_test.py", "-p", sys.argv[1]]
runpy.run_path("client_test.py", run_name="__main__")
PY
done

if [ "$failed" -ne 0 ]; then
  cp "$work/server.log" "${TMPDIR:-/tmp}/millwright-paho-interop-server.log"
  echo "Paho interoperability: FAILED (server log: ${TMPDIR:-/tmp}/millwright-paho-interop-server.log)" >&2
  exit 1
fi
echo "Paho interoperability: every run of both scripts passed"
