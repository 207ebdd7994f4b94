#!/usr/bin/env bash
# make bench: measures cloudlet beside its peers in the same run and prints
# ratios. By hand only, never in CI. Usage: bench/run.sh path/to/cloudlet
# BENCH_DURATION=10s sets each wrk run; BENCH_ONLY=lambda, =apigateway or
# =dynamodb runs only that section (the edge and DynamoDB sections run
# together otherwise; DynamoDB alone leaves out the GetItem-to-nginx ratio).
set -euo pipefail
BIN=$(realpath "${1:-build/cloudlet}")
HERE=$(cd "$(dirname "$0")" && pwd)
DURATION=${BENCH_DURATION:-10s}
WORK=$(mktemp -d /tmp/cloudlet-bench.XXXXXX)
NGINX_PORT=18080
CLOUDLET_PORT=18566
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

rps() { # url [wrk script [more wrk arguments]]
  local url=$1 extra=()
  [[ -n "${2:-}" ]] && extra=(-s "$2")
  extra+=("${@:3}")
  wrk -t1 -c16 -d"$DURATION" "${extra[@]}" "$url" | awk '/Requests\/sec/ {print $2}'
}
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/^.*: /,""); print; exit}' /proc/cpuinfo)"
echo "wrk: 1 thread, 16 connections, $DURATION per run; servers get one worker thread each"

if [[ -z ${BENCH_ONLY:-} ]]; then
# nginx serving a small static file: the yardstick for the edge.
mkdir -p "$WORK/nginx/html"
printf '{"status":"running","version":"0.1.0","uptime_seconds":1.000,"services":{"dynamodb":"running"}}' \
  > "$WORK/nginx/html/health.json"
cat > "$WORK/nginx/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log $WORK/nginx/access.log;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/nginx/html; }
}
NGX
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
pids+=($!)

"$BIN" serve --port $CLOUDLET_PORT --threads 1 --data-dir "$WORK/data" > "$WORK/cloudlet.out" 2> "$WORK/cloudlet.err" &
pids+=($!)
sleep 0.5

nginx_rps=$(rps "http://127.0.0.1:$NGINX_PORT/health.json")
health_rps=$(rps "http://127.0.0.1:$CLOUDLET_PORT/_cloudlet/health")
printf '%-44s %10s req/s   nginx static %10s req/s   ratio %s (target >= 0.9)\n' \
  "GET /_cloudlet/health" "$health_rps" "$nginx_rps" "$(ratio "$health_rps" "$nginx_rps")"

python3 "$HERE/startup.py" "$BIN"

if [[ -f "$HERE/dynamodb.sh" ]]; then
  NGINX_RPS=$nginx_rps WORK=$WORK source "$HERE/dynamodb.sh"
fi
fi
if [[ ${BENCH_ONLY:-} == dynamodb ]]; then
  NGINX_RPS="" WORK=$WORK source "$HERE/dynamodb.sh"
fi
if [[ -f "$HERE/lambda.sh" && ${BENCH_ONLY:-lambda} == lambda ]]; then
  WORK=$WORK source "$HERE/lambda.sh"
fi
if [[ -f "$HERE/apigateway.sh" && ${BENCH_ONLY:-apigateway} == apigateway ]]; then
  WORK=$WORK source "$HERE/apigateway.sh"
fi
