# Sourced by bench/run.sh (BENCH_ONLY=apigateway runs it alone): API Gateway.
# GET /hello through an HTTP API (route GET /hello → the Node handler of
# bench/lambda/handler.js, payload 2.0) beside serverless-offline serving the
# same handler as an httpApi route, throughput with 16 connections; p50 with
# one connection through the API and of a direct Invoke of the same function
# with the event the gateway builds: the difference is the gateway's own cost.
# Needs BIN, HERE, WORK, DURATION, pids and rps/ratio from run.sh.
APIGW_PORT=18590
APIGW_SLS_PORT=18710
if [[ ! -d "$HERE/node_modules/serverless-offline" || ! -d "$HERE/node_modules/serverless" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

apigw_wait() { # url
  for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "bench: $1 did not answer" >&2
  return 1
}
# wrk's p50 as microseconds ("290.00us", "1.02ms").
apigw_p50_us() {
  wrk -t1 -c1 -d"$DURATION" --latency "$@" |
    awk '$1 == "50%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                        f = (u == "us") ? 1 : (u == "ms") ? 1000 : 1000000; printf "%.0f", v * f }'
}
# CPU seconds (user + system) of the cloudlet process itself so far.
apigw_cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }

echo "apigateway: cloudlet --threads 1 --log-level warn --sandbox bwrap, a data dir; route GET /hello → nodejs20.x"
"$BIN" serve --port $APIGW_PORT --threads 1 --data-dir "$WORK/apigw" --log-level warn \
  > /dev/null 2> "$WORK/apigw.err" &
pids+=($!)
apigw_pid=${pids[-1]}
apigw_wait "http://127.0.0.1:$APIGW_PORT/_cloudlet/health"
api_id=$(python3 "$HERE/apigateway_setup.py" "http://127.0.0.1:$APIGW_PORT" "$WORK/apigw-event.json")
host="$api_id.execute-api.localhost:$APIGW_PORT"
url="http://127.0.0.1:$APIGW_PORT/hello"
invoke="http://127.0.0.1:$APIGW_PORT/2015-03-31/functions/apigw-node/invocations"

# One connection, alternating between the two paths three times; medians.
api_runs=() invoke_runs=()
for _ in 1 2 3; do
  api_runs+=("$(apigw_p50_us -s "$HERE/wrk/status200.lua" -H "Host: $host" "$url")")
  invoke_runs+=("$(EVENT_FILE="$WORK/apigw-event.json" apigw_p50_us -s "$HERE/apigateway_invoke.lua" "$invoke")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
api_p50=$(median "${api_runs[@]}")
invoke_p50=$(median "${invoke_runs[@]}")
# Sixteen connections need sixteen environments: start them before measuring.
wrk -t1 -c16 -d2s -s "$HERE/wrk/status200.lua" -H "Host: $host" "$url" > /dev/null
# cloudlet's own CPU (its runtime processes excluded) per request, both ways.
cpu_per_request() { # wrk arguments...
  local before after out n
  before=$(apigw_cpu "$apigw_pid")
  out=$(wrk -t1 -c16 -d"$DURATION" "$@")
  after=$(apigw_cpu "$apigw_pid")
  n=$(awk '/requests in/ {print $1}' <<< "$out")
  echo "$(awk '/Requests\/sec/ {print $2}' <<< "$out") $(python3 -c "print(round(($after - $before) / $n * 1e6))")"
}
read -r api_rps api_cpu < <(cpu_per_request -s "$HERE/wrk/status200.lua" -H "Host: $host" "$url")
read -r invoke_rps invoke_cpu < <(EVENT_FILE="$WORK/apigw-event.json" cpu_per_request -s "$HERE/apigateway_invoke.lua" "$invoke")
kill "$apigw_pid" 2>/dev/null || true
wait "$apigw_pid" 2>/dev/null || true
unset 'pids[-1]'

mkdir -p "$WORK/apigw-sls"
cp "$HERE/lambda/serverless.yml" "$HERE/lambda/handler.js" "$WORK/apigw-sls/"
ln -s "$HERE/node_modules" "$WORK/apigw-sls/node_modules"
(cd "$WORK/apigw-sls" && SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SLS_DEPRECATION_DISABLE='*' \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  exec node "$HERE/node_modules/serverless/bin/serverless.js" offline start --host 127.0.0.1 \
    --httpPort $APIGW_SLS_PORT --lambdaPort $((APIGW_SLS_PORT + 2)) --noPrependStageInUrl --noSponsor > /dev/null 2>&1) &
pids+=($!)
apigw_wait "http://127.0.0.1:$APIGW_SLS_PORT/hello"
wrk -t1 -c16 -d2s "http://127.0.0.1:$APIGW_SLS_PORT/hello" > /dev/null
sls_rps=$(rps "http://127.0.0.1:$APIGW_SLS_PORT/hello" "$HERE/wrk/status200.lua")
sls_p50=$(apigw_p50_us -s "$HERE/wrk/status200.lua" "http://127.0.0.1:$APIGW_SLS_PORT/hello")

printf '%-44s %10s req/s   serverless-offline %10s req/s   ratio %s (target >= 10x)\n' \
  "HTTP API GET /hello, Node handler, 16 conn" "$api_rps" "$sls_rps" "$(ratio "$api_rps" "$sls_rps")"
printf '%-44s %10s us p50 (runs: %s)   serverless-offline %s us   (target <= 1000 us)\n' \
  "HTTP API GET /hello, 1 connection" "$api_p50" "${api_runs[*]}" "$sls_p50"
printf '%-44s %10s us p50 (runs: %s)   gateway adds %s us (target <= 100 us)\n' \
  "direct Invoke, same function and event" "$invoke_p50" "${invoke_runs[*]}" "$((api_p50 - invoke_p50))"
printf '%-44s %10s us via the API, %s us via Invoke (%s req/s): gateway adds %s us\n' \
  "cloudlet's own CPU per request, 16 conn" "$api_cpu" "$invoke_cpu" "$invoke_rps" "$((api_cpu - invoke_cpu))"
micro_bin="$(dirname "$BIN")/apigateway_bench"
if [[ -x "$micro_bin" ]]; then
  read -r micro_p50 micro_p99 micro_mean < <("$micro_bin" 200000)
  printf '%-44s %10s us p50, %s us p99, %s us mean (target <= 100 us)\n' \
    "gateway in process (apigateway_bench)" "$micro_p50" "$micro_p99" "$micro_mean"
  read -r micro_p50 micro_p99 micro_mean < <("$micro_bin" 200000 rest)
  printf '%-44s %10s us p50, %s us p99, %s us mean (target <= 100 us)\n' \
    "gateway in process, REST API (apigateway_bench)" "$micro_p50" "$micro_p99" "$micro_mean"
fi
