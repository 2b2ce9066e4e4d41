#!/usr/bin/env bash
# Try the scale-out setup on one machine: a local S3-compatible store (moto), the datasets published to
# it, two replicas reading from it, nginx in front with session affinity, then a load test through nginx
# and a failover check. Everything listens on 127.0.0.1 only and is stopped at the end.
# Needs: the dev requirements (moto[server]) and nginx. Run from the repository root: deploy/try-replicas.sh
#
# No fixed ports: moto and the replicas bind port 0 (the system picks a free one) and the port is read
# back from their logs; nginx cannot, so it gets a free port and is started again on another one if that
# port was taken in between. Every wait has a deadline and says what it waited for.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export PYTHONUNBUFFERED=1 # the URL lines reach the logs at once
run="$(mktemp -d "${TMPDIR:-/tmp}/cdmm-replicas-XXXXXX")" # logs, nginx's prefix and its generated config
pids=()
cleanup() {
  local status=$?
  [ -f "$run/nginx.pid" ] && nginx -p "$run" -c "$run/nginx.conf" -s stop 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # A replica told to stop during its start-up path stops only once that is done: 30 s for all, then KILL.
  local deadline=$((SECONDS + 30))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$status" = 0 ]; then rm -rf "$run"; else echo "logs kept in $run" >&2; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT # told to stop (tests/test_scale_out.py past its limit): the EXIT trap runs

# wait_for SECONDS WHAT COMMAND...: run COMMAND every 0.2 s until it succeeds; fail after SECONDS.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after ${seconds} s waiting for $what (logs in $run)" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# port_in LOG PATTERN: the port of the first URL matching PATTERN in LOG (exit status 1 before it is there).
port_in() { grep -m1 -oE "$2" "$1" | grep -oE '[0-9]+$'; }
answers() { curl -s -o /dev/null "$1"; }
ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/ready")" = "200" ]; }
free_port() { python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

moto_server -H 127.0.0.1 -p 0 >"$run/moto.log" 2>&1 &
pids+=($!)
wait_for 60 "moto to print its address" port_in "$run/moto.log" 'Running on http://127\.0\.0\.1:[0-9]+'
moto_port="$(port_in "$run/moto.log" 'Running on http://127\.0\.0\.1:[0-9]+')"
wait_for 60 "moto to answer on port $moto_port" answers "http://127.0.0.1:$moto_port/"
S3="s3://cdmm/datasets?endpoint_override=127.0.0.1:$moto_port&scheme=http&region=us-east-1"
python -m dashboard.curation publish --to "$S3&allow_bucket_creation=true"

replica_ports=()
replica_pids=()
for n in 1 2; do
  DATASETS_URI="$S3" streamlit run dashboard/server.py --server.port 0 --server.address 127.0.0.1 \
    >"$run/replica-$n.log" 2>&1 &
  pids+=($!)
  replica_pids+=($!)
done
for n in 1 2; do
  wait_for 300 "replica $n to print its address" port_in "$run/replica-$n.log" 'URL: http://127\.0\.0\.1:[0-9]+'
  replica_ports+=("$(port_in "$run/replica-$n.log" 'URL: http://127\.0\.0\.1:[0-9]+')")
done
# Traffic only once each replica is ready: /ready answers 200 after the start-up path and the warm-up.
for port in "${replica_ports[@]}"; do
  wait_for 900 "the replica on port $port to be ready" ready "http://127.0.0.1:$port"
  echo "replica $port: $(curl -s "http://127.0.0.1:$port/ready")"
done

# nginx with deploy/nginx.conf's settings, on these ports (the file itself names fixed example ports).
mkdir -p "$run/tmp"
for attempt in 1 2 3 4 5; do
  nginx_port="$(free_port)"
  sed -e "s/127\.0\.0\.1:8501/127.0.0.1:${replica_ports[0]}/" -e "s/127\.0\.0\.1:8502/127.0.0.1:${replica_ports[1]}/" \
    -e "s/listen 127\.0\.0\.1:8080/listen 127.0.0.1:$nginx_port/" deploy/nginx.conf >"$run/nginx.conf"
  if nginx -p "$run" -c "$run/nginx.conf" 2>"$run/nginx-start.log"; then
    break
  fi
  if ! grep -q "Address already in use" "$run/nginx-start.log" || [ "$attempt" = 5 ]; then
    cat "$run/nginx-start.log" >&2
    exit 1
  fi
done
NGINX="http://127.0.0.1:$nginx_port"
wait_for 30 "nginx to answer on port $nginx_port" answers "$NGINX/_stcore/health"
echo "health through nginx: $(curl -s "$NGINX/_stcore/health")"
echo "readiness through nginx: $(curl -s "$NGINX/ready")"

python bench/load.py --url "$NGINX" --viewers 20 --timeout 240

# A cold replica: one more replica on the same store, hit directly (not through nginx, which waits for
# /ready) by 20 viewers walking every page, half in English and half in Chinese, as soon as it accepts
# connections; then the same crowd once it is ready. Target: the cold p95 within 2x the warm one. First
# as replicas start by default (one language and theme built before the first connection, the others in
# the background), then with DASHBOARD_PREPARE=all (every language and theme before the first connection).
for prepare in first all; do
  echo "cold replica, DASHBOARD_PREPARE=$prepare:"
  DATASETS_URI="$S3" DASHBOARD_PREPARE="$prepare" python bench/cold_replica.py --viewers 20 \
    --trials "${COLD_TRIALS:-3}" --json "/tmp/cdmm-cold-replica-$prepare.json"
done

# Failover: stop one replica and wait until it has exited; nginx takes it out and sends the sessions to the
# other one.
kill "${replica_pids[1]}"
wait "${replica_pids[1]}" 2>/dev/null || true
echo "health through nginx with one replica down: $(curl -s "$NGINX/_stcore/health")"
python bench/load.py --url "$NGINX" --viewers 4 --timeout 120
echo "scale-out check passed"
