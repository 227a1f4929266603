#!/usr/bin/env bash
# The gateway beside nginx, on the same backend, with the same load, in one run.
#
# Uses the app running on :8088 (or starts the README's Release app on a fresh data folder and stops it at the end),
# finds Cases' own REST port, starts nginx from Debian's package (one worker, keep-alive upstream) in front of that
# port, and drives the three — Cases directly, the gateway, nginx — with wrk: a warm-up (WARMUP seconds each, 12),
# then two measured rounds at full load (wrk -t2 -c$connections), then one round at light load (-t1 -c1) for the
# latency a hop adds.
# With BARE=1 (the default) a fourth target runs beside them: bench/Gateway.Bare, YARP's forwarder alone on the same
# HTTP/2 connection to Cases as the gateway, the floor under what the gateway's own work costs (BARE=0 leaves it out).
#
#   bench/gateway-vs-nginx.sh [path] [seconds] [connections]     # defaults: /api/calendar/lunar?date=2026-02-17 8 64
#
# Needs nginx and wrk (apt-get install nginx wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
path=${1:-/api/calendar/lunar?date=2026-02-17}
seconds=${2:-8}
connections=${3:-64}
nginx_port=${NGINX_PORT:-8097}
bare_port=${BARE_PORT:-8098}
bare=${BARE:-1}
gateway=http://127.0.0.1:8088

for tool in nginx wrk ss curl; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install nginx wrk" >&2; exit 2; }
done

work=$(mktemp -d /tmp/tthc-gateway-bench-XXXXXX)
chmod 755 "$work" # nginx's workers run as another user when started by root
runner=""
bare_pid=""
cleanup() {
  [ -f "$work/nginx.pid" ] && kill -TERM "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "$bare_pid" ] && kill -TERM "$bare_pid" 2>/dev/null || true
  if [ -n "$runner" ]; then
    # Only the app this script started: its AppHost (the child of `dotnet run`), which stops its resources.
    local apphost
    apphost=$(pgrep -P "$runner" -f Tthc.AppHost || true)
    [ -n "$apphost" ] && kill -TERM "$apphost" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! curl -sf -o /dev/null "$gateway/health"; then
  echo "== starting the Release app (no app on :8088)"
  dotnet build -c Release src/AppHost -v q -nologo >/dev/null
  mkdir "$work/data"
  dotnet run -c Release --no-build --project src/AppHost -- --TTHC_DATA_DIR="$work/data" >"$work/apphost.log" 2>&1 &
  runner=$!
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null "$gateway/health" && break
    sleep 1
  done
  sleep 15 # the rest of the resources settle
fi

# Cases' REST port: of the ports its process listens on, the one answering HTTP/1.1 (the other is gRPC's HTTP/2).
cases_port=""
for port in $(ss -ltnpH | awk '/"Tthc\.Cases"/ { n = split($4, a, ":"); print a[n] }' | sort -u); do
  if [ "$(curl -s --http1.1 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/alive" || true)" = 200 ]; then
    cases_port=$port
    break
  fi
done
[ -n "$cases_port" ] || { echo "Cases' REST port not found (is Tthc.Cases running?)" >&2; exit 1; }
cases_pid=$(ss -ltnpH "sport = :$cases_port" | grep -o 'pid=[0-9]*' | head -1 | sed 's/.*=//')
targets="direct gateway nginx"
if [ "$bare" = 1 ]; then
  # Cases' other port, gRPC's cleartext HTTP/2 endpoint: what the gateway forwards to (one Cases process, as above).
  cases_h2=""
  for port in $(ss -ltnpH | awk -v pid="$cases_pid" '$0 ~ "pid=" pid "," { n = split($4, a, ":"); print a[n] }' | sort -u); do
    if [ "$(curl -s --http2-prior-knowledge -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/alive" || true)" = 200 ] &&
       [ "$port" != "$cases_port" ]; then
      cases_h2=$port
      break
    fi
  done
  [ -n "$cases_h2" ] || { echo "Cases' HTTP/2 port not found (BARE=0 runs without the bare forwarder)" >&2; exit 1; }
  dotnet build -c Release bench/Gateway.Bare -v q -nologo >/dev/null
  # With what the AppHost gives the gateway: its young generation and malloc arenas.
  DOTNET_GCgen0size=0x2000000 MALLOC_ARENA_MAX=2 \
    bench/Gateway.Bare/bin/Release/net10.0/Tthc.Gateway.Bare "$bare_port" "http://127.0.0.1:$cases_h2" >"$work/bare.log" 2>&1 &
  bare_pid=$!
  targets="$targets bare"
  for _ in $(seq 1 40); do curl -s -o /dev/null "http://127.0.0.1:$bare_port/alive" && break; sleep 0.25; done
fi

mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream cases { server 127.0.0.1:$cases_port; keepalive 128; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://cases;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
EOF
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx.conf"
for _ in $(seq 1 20); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/alive" && break; sleep 0.5; done

declare -A url=(
  [direct]="http://127.0.0.1:$cases_port$path"
  [gateway]="$gateway$path"
  [nginx]="http://127.0.0.1:$nginx_port$path"
  [bare]="http://127.0.0.1:$bare_port$path"
)
for target in $targets; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${url[$target]}" || true)
  [ "$code" = 200 ] || { echo "$target answered ${code:-nothing} for $path" >&2; [ "$target" = bare ] && cat "$work/bare.log" >&2; exit 1; }
done

# Processor time (user + system, in clock ticks) of the processes named, summed.
ticks() { local sum=0 pid; for pid in "$@"; do sum=$(( sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") )); done; echo $sum; }

# One wrk run: prints "req/s p50_ms p99_ms non2xx proxy_cpu_us cases_cpu_us", the processor time per request of the
# proxy's processes (the pids given) and of Cases.
measure() {
  local threads=$1 conns=$2 secs=$3 target=$4 out before after cases_before cases_after
  shift 4
  before=$(ticks "$@")
  cases_before=$(ticks "$cases_pid")
  out=$(wrk -t"$threads" -c"$conns" -d"$secs"s --latency "$target")
  after=$(ticks "$@")
  cases_after=$(ticks "$cases_pid")
  awk -v ticks=$(( after - before )) -v cases=$(( cases_after - cases_before )) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { n = $1 }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad += $NF }
    /Socket errors/ { for (i = 3; i <= NF; i += 2) bad += $(i + 1) }
    END { printf "%.0f %.2f %.2f %d %.0f %.0f\n", rps, p50, p99, bad, n ? ticks * 1e6 / hz / n : 0, n ? cases * 1e6 / hz / n : 0 }' <<<"$out"
}

nginx_master=$(cat "$work/nginx.pid")
declare -A pids=(
  [direct]=""
  [gateway]="$(ss -ltnpH 'sport = :8088' | grep -o 'pid=[0-9]*' | head -1 | sed 's/.*=//')"
  [nginx]="$nginx_master $(pgrep -P "$nginx_master" | tr '\n' ' ')"
  [bare]="$bare_pid"
)

echo "== Cases on :$cases_port, gateway on :8088, nginx $(nginx -v 2>&1 | sed 's/.*\///') on :$nginx_port; GET $path"
# Each target is warmed up for the same time before it is measured (WARMUP seconds, 12 by default): .NET compiles a
# method again, optimised, once it has run often enough, and after only a few seconds of load the gateway's first
# measured round still ran ≈ 10% slower than its second (processor time per request, 5 December).
warmup=${WARMUP:-12}
echo "== warm-up, ${warmup} s each"
for target in $targets; do measure 2 "$connections" "$warmup" "${url[$target]}" >/dev/null; done

declare -A total=()
for round in 1 2; do
  for target in $targets; do
    # shellcheck disable=SC2086
    read -r rps p50 p99 bad cpu cases_cpu < <(measure 2 "$connections" "$seconds" "${url[$target]}" ${pids[$target]})
    printf 'round %d  %-8s %6s req/s  p50 %5s ms  p99 %6s ms  errors %s  CPU per request: proxy %3s µs, Cases %3s µs\n' \
      "$round" "$target" "$rps" "$p50" "$p99" "$bad" "$cpu" "$cases_cpu"
    [ -n "$rps" ] || { echo "wrk measured nothing for $target" >&2; exit 1; }
    total[$target]=$(( ${total[$target]:-0} + rps ))
  done
done

declare -A light=()
for target in $targets; do
  read -r rps p50 p99 bad _ _ < <(measure 1 1 "$seconds" "${url[$target]}")
  printf 'light    %-8s %8s req/s  p50 %6s ms  p99 %6s ms  (one connection)\n' "$target" "$rps" "$p50" "$p99"
  light[$target]=$p99
done

awk -v d="${total[direct]}" -v g="${total[gateway]}" -v n="${total[nginx]}" \
    -v ld="${light[direct]}" -v lg="${light[gateway]}" -v ln="${light[nginx]}" -v c="$connections" 'BEGIN {
  printf "gateway/nginx = %.2f  (req/s at %d connections, two rounds: direct %.0f, gateway %.0f, nginx %.0f; p99 added at one connection: gateway %.2f ms, nginx %.2f ms)\n",
    g / n, c, d / 2, g / 2, n / 2, lg - ld, ln - ld }'
if [ "$bare" = 1 ]; then
  awk -v b="${total[bare]}" -v n="${total[nginx]}" -v lb="${light[bare]}" -v ld="${light[direct]}" 'BEGIN {
    printf "bare forwarder/nginx = %.2f  (YARP forwarder alone, bench/Gateway.Bare: %.0f req/s; p99 added at one connection: %.2f ms)\n", b / n, b / 2, lb - ld }'
fi
