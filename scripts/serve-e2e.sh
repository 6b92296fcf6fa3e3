#!/usr/bin/env bash
# End-to-end check of `fitcheck serve` as a real process on a loopback port:
# start, wait for health, query each endpoint, refuse a remote address,
# SIGTERM, and a clean exit (status 0, "stopped" logged). Then the MCP server
# answers an initialize request on stdio, and the DaemonSet manifest passes
# `kubectl apply --dry-run=client` where kubectl and a cluster exist (client
# dry-runs still ask the API server for its kinds; the Go test checks the
# manifest's structure everywhere).
set -uo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
bin=$tmp/fitcheck
go build -o "$bin" . || exit 1
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails+1)); }

port=$(( 20000 + RANDOM % 20000 ))
addr=127.0.0.1:$port
"$bin" serve --addr "$addr" --gpu "RTX 4090" --ram 64GiB 2>"$tmp/log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
  curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
fetch() { curl -sS -o "$tmp/body" -w '%{http_code}' "$@"; }
[ "$(fetch "http://$addr/healthz")" = 200 ] && ok "healthz" || bad "healthz"
[ "$(fetch "http://$addr/v1/fit?model=gpt-oss-20b")" = 200 ] && grep -q '"best_quant"' "$tmp/body" && ok "fit" || bad "fit"
[ "$(fetch "http://$addr/v1/recommend?limit=3&min_tps=10")" = 200 ] && ok "recommend" || bad "recommend"
[ "$(fetch "http://$addr/v1/hardware")" = 200 ] && grep -q 'RTX 4090' "$tmp/body" && ok "hardware" || bad "hardware"
[ "$(fetch "http://$addr/v1/fit?model=no-such-model-xyz")" = 400 ] && ok "unknown model is 400" || bad "unknown model"
[ "$(fetch -X POST "http://$addr/v1/hardware/refresh")" = 200 ] && ok "refresh" || bad "refresh"
kill -TERM $pid
wait $pid
status=$?
[ $status = 0 ] && grep -q '"msg":"stopped"' "$tmp/log" && ok "SIGTERM: clean exit" || { bad "SIGTERM: exit $status"; cat "$tmp/log"; }

"$bin" serve --addr 0.0.0.0:$port >/dev/null 2>&1
[ $? = 2 ] && ok "non-loopback address refused" || bad "non-loopback address accepted"

init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"ci","version":"1"}}}'
{ echo "$init"; sleep 2; } | timeout 20 "$bin" mcp >"$tmp/mcp" 2>/dev/null  # stdin held open: EOF ends the session
grep -q '"serverInfo"' "$tmp/mcp" && ok "mcp initialize on stdio" || bad "mcp initialize"

if command -v kubectl >/dev/null && kubectl cluster-info --request-timeout=3s >/dev/null 2>&1; then
  kubectl apply --dry-run=client --validate=false -f deploy/fitcheck-nfd-daemonset.yaml >/dev/null && ok "kubectl dry-run" || bad "kubectl dry-run"
else
  echo "skip kubectl dry-run (no kubectl or no cluster to map kinds; TestDaemonSetManifest checks the manifest)"
fi

[ $fails = 0 ]
