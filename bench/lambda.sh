# Sourced by bench/run.sh: Lambda. Warm Invoke latency with one client and
# throughput with 16, cold start beside the interpreter's own start (both
# sandboxes), and a Node handler behind a function URL beside
# serverless-offline (npm) serving the same handler.
# Needs BIN, HERE, WORK, DURATION, pids and rps/ratio from run.sh.
LAMBDA_PORT=18570
SLS_PORT=18700
if [[ ! -d "$HERE/node_modules/serverless-offline" || ! -d "$HERE/node_modules/serverless" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

wait_for() { # url
  for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "bench: $1 did not answer" >&2
  return 1
}
# wrk's latency percentile as microseconds ("290.00us", "1.02ms").
p50_us() {
  wrk -t1 -c1 -d"$DURATION" --latency "$@" |
    awk '$1 == "50%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                        f = (u == "us") ? 1 : (u == "ms") ? 1000 : 1000000; printf "%.0f", v * f }'
}

# req/s of one wrk run with 16 connections, and the CPU time (user + system)
# per request of cloudlet and its runtime processes over that run, which a
# loaded machine shifts much less than req/s. Usage: rps_cpu <pid> <url> <wrk args...>
rps_cpu() {
  local pid=$1 url=$2 out before after
  shift 2
  before=$(python3 -c "import sys; sys.path.insert(0, '$HERE'); import lambda_cold as l; print(l.tree_cpu_ms($pid))")
  out=$(wrk -t1 -c16 -d"$DURATION" "$@" "$url")
  after=$(python3 -c "import sys; sys.path.insert(0, '$HERE'); import lambda_cold as l; print(l.tree_cpu_ms($pid))")
  awk -v before="$before" -v after="$after" '
    /requests in/ { n = $1 }
    /Requests\/sec/ { r = $2 }
    END { printf "%s %.0f\n", r, (after - before) * 1000 / (n > 0 ? n : 1) }' <<< "$out"
}

echo "lambda: cloudlet --threads 1 --log-level warn, a data dir; echo function python3.12, URL handler nodejs20.x"
url_rps=""
for sandbox in bwrap process; do
  port=$LAMBDA_PORT
  [[ $sandbox == process ]] && port=$((LAMBDA_PORT + 1))
  "$BIN" serve --port $port --threads 1 --data-dir "$WORK/lambda-$sandbox" --log-level warn \
    --sandbox $sandbox > /dev/null 2> "$WORK/lambda-$sandbox.err" &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/_cloudlet/health"
  url_id=$(python3 "$HERE/lambda_setup.py" "http://127.0.0.1:$port")
  invoke="http://127.0.0.1:$port/2015-03-31/functions/echo-py/invocations"

  p50=$(p50_us -s "$HERE/wrk/invoke.lua" "$invoke")
  # Sixteen clients need sixteen environments: start them before measuring.
  wrk -t1 -c16 -d2s -s "$HERE/wrk/invoke.lua" "$invoke" > /dev/null
  read -r invoke_rps invoke_cpu < <(rps_cpu "${pids[-1]}" "$invoke" -s "$HERE/wrk/invoke.lua")
  printf '%-44s %10s us p50 (1 client)   %10s req/s (16 clients), %s us CPU/invoke   (target p50 <= 1000 us, >= 5000 req/s)\n' \
    "Lambda Invoke, warm, --sandbox $sandbox" "$p50" "$invoke_rps" "$invoke_cpu"

  python3 "$HERE/lambda_cold.py" "http://127.0.0.1:$port" 7 "${pids[-1]}" |
    while read -r runtime cold bare extra warm interp _ _ _ cpu_cold cpu_bare cpu_extra; do
    printf '%-44s %10s ms first invoke   %s start %s ms   cloudlet adds %s ms (target <= 15); CPU %s vs %s ms\n' \
      "Lambda cold start $runtime, --sandbox $sandbox" "$cold" "$(basename "${interp%% *}")" "$bare" "$extra" \
      "$cpu_cold" "$cpu_bare"
  done

  if [[ $sandbox == bwrap ]]; then
    host="$url_id.lambda-url.us-east-1.localhost"
    wrk -t1 -c16 -d2s -H "Host: $host" "http://127.0.0.1:$port/hello" > /dev/null
    read -r url_rps url_cpu < <(rps_cpu "${pids[-1]}" "http://127.0.0.1:$port/hello" -s "$HERE/wrk/status200.lua" \
      -H "Host: $host")
  fi
  kill "${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
  unset 'pids[-1]'
done

# serverless-offline v13 on serverless v3 (v4 needs a login), same handler.
mkdir -p "$WORK/sls"
cp "$HERE/lambda/serverless.yml" "$HERE/lambda/handler.js" "$WORK/sls/"
ln -s "$HERE/node_modules" "$WORK/sls/node_modules"
(cd "$WORK/sls" && SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SLS_DEPRECATION_DISABLE='*' \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  exec node "$HERE/node_modules/serverless/bin/serverless.js" offline start --host 127.0.0.1 \
    --httpPort $SLS_PORT --lambdaPort $((SLS_PORT + 2)) --noPrependStageInUrl --noSponsor > /dev/null 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$SLS_PORT/hello"
wrk -t1 -c16 -d2s "http://127.0.0.1:$SLS_PORT/hello" > /dev/null
sls_rps=$(rps "http://127.0.0.1:$SLS_PORT/hello" "$HERE/wrk/status200.lua")
printf '%-44s %10s req/s (%s us CPU/request)   serverless-offline %10s req/s   ratio %s (target >= 10x)\n' \
  "Lambda function URL, Node handler" "$url_rps" "$url_cpu" "$sls_rps" "$(ratio "$url_rps" "$sls_rps")"
