# Sourced by bench/run.sh: DynamoDB beside dynalite (npm), same wrk settings.
# Needs NGINX_RPS, WORK, BIN, CLOUDLET_PORT, HERE from run.sh.
DYNALITE_PORT=18001
DDB_PORT=18568
if [[ ! -d "$HERE/node_modules/dynalite" ]]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
node "$HERE/node_modules/dynalite/cli.js" --port $DYNALITE_PORT --path "$WORK/dynalite" > /dev/null 2>&1 &
pids+=($!)
"$BIN" serve --port $DDB_PORT --threads 1 --data-dir "$WORK/ddb" --log-level warn > /dev/null 2>&1 &
pids+=($!)
sleep 1
python3 "$HERE/seed_dynamodb.py" "http://127.0.0.1:$DYNALITE_PORT"
python3 "$HERE/seed_dynamodb.py" "http://127.0.0.1:$DDB_PORT"

for op in GetItem PutItem Query; do
  c=$(BENCH_OP=$op rps "http://127.0.0.1:$DDB_PORT/" "$HERE/wrk/dynamodb.lua")
  d=$(BENCH_OP=$op rps "http://127.0.0.1:$DYNALITE_PORT/" "$HERE/wrk/dynamodb.lua")
  case $op in
    GetItem) target=">= 3x dynalite, >= 0.6x nginx" ;;
    PutItem) target=">= 2.5x dynalite" ;;
    Query) target=">= 3x dynalite (100 items of 100 B)" ;;
  esac
  extra=""
  [[ $op == GetItem ]] && extra="   vs nginx $(ratio "$c" "$NGINX_RPS")"
  printf '%-44s %10s req/s   dynalite %10s req/s   ratio %s%s (target %s)\n' \
    "DynamoDB $op" "$c" "$d" "$(ratio "$c" "$d")" "$extra" "$target"
done
