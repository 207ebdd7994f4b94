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
ddb_pid=$!
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
  [[ $op == GetItem && -n $NGINX_RPS ]] && extra="   vs nginx $(ratio "$c" "$NGINX_RPS")"
  printf '%-44s %10s req/s   dynalite %10s req/s   ratio %s%s (target %s)\n' \
    "DynamoDB $op" "$c" "$d" "$(ratio "$c" "$d")" "$extra" "$target"
done

# CPU time (user + system, /proc ticks) of one process in ms.
cpu_ms() { awk '{ printf "%d", ($14 + $15) * 10 }' "/proc/$1/stat"; }
# req/s of one wrk run and cloudlet's CPU time per request (µs) over it.
rps_cpu() { # url op
  local before after out
  before=$(cpu_ms "$ddb_pid")
  out=$(BENCH_OP=$2 wrk -t1 -c16 -d"$DURATION" -s "$HERE/wrk/dynamodb.lua" "$1")
  after=$(cpu_ms "$ddb_pid")
  awk -v before="$before" -v after="$after" '
    /requests in/ { n = $1 }
    /Requests\/sec/ { r = $2 }
    END { printf "%s %.1f\n", r, (after - before) * 1000 / (n > 0 ? n : 1) }' <<< "$out"
}

c=$(BENCH_OP=QueryGsi rps "http://127.0.0.1:$DDB_PORT/" "$HERE/wrk/dynamodb.lua")
d=$(BENCH_OP=QueryGsi rps "http://127.0.0.1:$DYNALITE_PORT/" "$HERE/wrk/dynamodb.lua")
printf '%-44s %10s req/s   dynalite %10s req/s   ratio %s (target >= 3x dynalite, 100 items of 100 B)\n' \
  "DynamoDB Query on a GSI" "$c" "$d" "$(ratio "$c" "$d")"

read -r plain plain_cpu < <(rps_cpu "http://127.0.0.1:$DDB_PORT/" PutItemPlain)
read -r gsi gsi_cpu < <(rps_cpu "http://127.0.0.1:$DDB_PORT/" PutItemGsi)
d=$(BENCH_OP=PutItemGsi rps "http://127.0.0.1:$DYNALITE_PORT/" "$HERE/wrk/dynamodb.lua")
printf '%-44s %10s req/s %6s us CPU   no index %10s req/s %6s us CPU   cost %sx CPU, %sx req/s (target <= 1.6x); dynalite %s req/s\n' \
  "DynamoDB PutItem, two GSIs" "$gsi" "$gsi_cpu" "$plain" "$plain_cpu" "$(ratio "$gsi_cpu" "$plain_cpu")" \
  "$(ratio "$plain" "$gsi")" "$d"

read -r txn txn_cpu < <(rps_cpu "http://127.0.0.1:$DDB_PORT/" TransactWrite10)
printf '%-44s %10s items/s %6s us CPU/item   10 single PutItems %10s items/s %6s us CPU/item\n' \
  "DynamoDB TransactWriteItems of 10 Puts" "$(python3 -c "print(f'{float($txn)*10:.0f}')")" \
  "$(python3 -c "print(f'{float($txn_cpu)/10:.1f}')")" "$plain" "$plain_cpu"
