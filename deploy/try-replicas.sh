#!/usr/bin/env bash
# Try the scale-out setup on one machine: a local S3-compatible store (moto), the datasets published to
# it, two replicas reading from it, nginx in front with session affinity, then a load test through nginx
# and a failover check. Everything listens on 127.0.0.1 only and is stopped at the end.
# Needs: the dev requirements (moto[server]) and nginx. Run from the repository root: deploy/try-replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
S3="s3://cdmm/datasets?endpoint_override=127.0.0.1:9000&scheme=http&region=us-east-1"
pids=()
cleanup() {
  [ -f deploy/run/nginx.pid ] && nginx -p "$PWD/deploy/run" -c "$PWD/deploy/nginx.conf" -s stop || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

moto_server -H 127.0.0.1 -p 9000 >/tmp/cdmm-moto.log 2>&1 & pids+=($!)
until curl -s -o /dev/null http://127.0.0.1:9000/; do sleep 0.2; done
python -m dashboard.curation publish --to "$S3&allow_bucket_creation=true"

for port in 8501 8502; do
  DATASETS_URI="$S3" streamlit run dashboard/server.py --server.port "$port" --server.address 127.0.0.1 \
    >"/tmp/cdmm-replica-$port.log" 2>&1 & pids+=($!)
done
# Traffic only once each replica is ready: /ready answers 200 after the start-up path and the warm-up.
for port in 8501 8502; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/ready)" = "200" ]; do sleep 0.2; done
  echo "replica $port: $(curl -s http://127.0.0.1:$port/ready)"
done

mkdir -p deploy/run/tmp
nginx -p "$PWD/deploy/run" -c "$PWD/deploy/nginx.conf"
echo "health through nginx: $(curl -s http://127.0.0.1:8080/_stcore/health)"
echo "readiness through nginx: $(curl -s http://127.0.0.1:8080/ready)"

python bench/load.py --url http://127.0.0.1:8080 --viewers 20 --timeout 240

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

# Failover: stop one replica; nginx takes it out and sends the sessions to the other one.
kill "${pids[1]}"
sleep 1
echo "health through nginx with one replica down: $(curl -s http://127.0.0.1:8080/_stcore/health)"
python bench/load.py --url http://127.0.0.1:8080 --viewers 4 --timeout 120
echo "scale-out check passed"
