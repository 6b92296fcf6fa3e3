#!/usr/bin/env bash
# End-to-end checks of the real binary as scripts use it: every output path
# is one valid JSON document on stdout, errors go to stderr, and exit codes
# are 0 (answer, even "nothing fits"), 1 (runtime failure), 2 (usage), 3
# (requirement not met).
set -uo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/fitcheck
go build -o "$bin" . || exit 1

if command -v jq >/dev/null; then json_ok() { jq -e . >/dev/null; }
else json_ok() { python3 -m json.tool >/dev/null; }; fi

fails=0 passes=0
check() { # description expected_exit json|text|empty command...
  local desc=$1 want=$2 kind=$3; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  local ok=1
  [ "$got" = "$want" ] || ok=0
  case $kind in
    json) json_ok <"$tmp/out" || ok=0 ;;
    text) [ -s "$tmp/out" ] && ! grep -q $'\x1b' "$tmp/out" || ok=0 ;;
    empty) [ ! -s "$tmp/out" ] && [ -s "$tmp/err" ] || ok=0 ;;
    none) [ ! -s "$tmp/out" ] || ok=0 ;;
  esac
  if [ $ok = 1 ]; then passes=$((passes+1)); echo "ok   $desc"
  else fails=$((fails+1)); echo "FAIL $desc (exit $got, want $want)"; head -c 600 "$tmp/err"; echo; fi
}
whatif=(--gpu "RTX 4090" --ram 64GiB)

check "full document, what-if GPU"            0 json "$bin" --json "${whatif[@]}"
check "full document, probed hardware"        0 json "$bin" --json
check "no GPU"                                0 json "$bin" --json --no-gpu --ram 16GiB
check "filters that select nothing"           0 json "$bin" --json --origin ZW
check "fits only, vLLM, two GPUs"             0 json "$bin" --json --fits --engine vllm --gpu "2x L40S" --ram 256GiB
check "fit one model"                         0 json "$bin" fit gpt-oss-20b --json "${whatif[@]}"
check "hw --json"                             0 json "$bin" hw --json
check "hw --list-gpus --json"                 0 json "$bin" hw --list-gpus --json
check "models --json with filters"            0 json "$bin" models --json --commercial --max-params 10B
check "requirement met"                       0 json "$bin" --json "${whatif[@]}" --require gpt-oss-20b@MXFP4:gpu
check "requirement not met"                   3 json "$bin" --json --no-gpu --ram 64GiB --require gpt-oss-20b@MXFP4:gpu
check "unknown model"                         2 empty "$bin" --json --model no-such-model-xyz
check "unknown accelerator"                   2 empty "$bin" --json --gpu "RTX 4099"
check "bad size"                              2 empty "$bin" --json --ram 12XB
check "bad context"                           2 empty "$bin" --json --context abc
check "bad kv type"                           2 empty "$bin" --json --kv-type q3
check "unknown flag"                          2 empty "$bin" --json --frobnicate
check "unknown subcommand"                    2 empty "$bin" frobnicate
printf '{"models": [\n  {"id": "x/y",,}\n]}\n' >"$tmp/bad.json"
check "malformed user catalog"                1 empty "$bin" --json --catalog "$tmp/bad.json"
grep -q "bad.json:2" "$tmp/err" || { fails=$((fails+1)); echo "FAIL malformed catalog error does not name file:line: $(cat "$tmp/err")"; }
printf 'block_origins: [CN]\nrequire_commercial: true\n' >"$tmp/policy.yaml"
printf 'block_origin: [CN]\n' >"$tmp/typo.yaml"
check "policy: verdicts in the document"      0 json "$bin" --json "${whatif[@]}" --policy "$tmp/policy.yaml"
check "policy: CN model required"             3 json "$bin" --json "${whatif[@]}" --policy "$tmp/policy.yaml" --require Qwen/Qwen3-32B
check "policy: unknown key"                   1 empty "$bin" --json --policy "$tmp/typo.yaml"
check "policy check --format sarif"           3 json "$bin" policy check --policy "$tmp/policy.yaml" --model Qwen3-32B --format sarif
check "report to a file"                      0 none "$bin" report --option "RTX 4090,64GiB" --option "2x L40S,256GiB" --model gpt-oss-20b --model Qwen3-32B --model Llama-3.3-70B-Instruct -o "$tmp/r.html"
[ -s "$tmp/r.html" ] && ! grep -Eiq '<script|[^-]src=|@import|url\(' "$tmp/r.html" || { fails=$((fails+1)); echo "FAIL report file missing or not self-contained"; }
check "report, markdown"                      0 text "$bin" report --format md --option "RTX 4090,64GiB" --model gpt-oss-20b
check "report, five options"                  2 empty "$bin" report --model gpt-oss-20b --option a --option b --option c --option d --option e
check "plain table when piped"                0 text "$bin" "${whatif[@]}"
check "fit table when piped"                  0 text "$bin" fit Llama-3.1-8B-Instruct "${whatif[@]}"
check "plan --json"                           0 json "$bin" plan openai/gpt-oss-120b --json
check "plan table when piped"                 0 text "$bin" plan Llama-3.3-70B-Instruct --users 8 --tps 20
check "plan, impossible target"               0 json "$bin" plan Llama-3.3-70B-Instruct --tps 100000 --json
check "plan --machine --json"                 0 json "$bin" plan --machine --json "${whatif[@]}" --users 2 --tps 20
check "plan, zero users"                      2 empty "$bin" plan gpt-oss-20b --users 0
check "plan, negative tps"                    2 empty "$bin" plan gpt-oss-20b --tps -1
check "bash completion"                       0 text "$bin" completion bash
check "installed models, JSON"               0 json env HOME="$tmp" "$bin" installed --json
check "only installed models"                 0 json env HOME="$tmp" "$bin" --json --installed "${whatif[@]}"
check "fit a missing file"                    1 empty "$bin" fit "$tmp/missing.gguf" "${whatif[@]}"
check "fit a device, not a file"              1 empty "$bin" fit /dev/null "${whatif[@]}"
printf 'GGUF\003\000\000\000' >"$tmp/cut.gguf"
check "fit a truncated GGUF header"           1 empty "$bin" fit "$tmp/cut.gguf" "${whatif[@]}"
# Models outside the catalog: offline never touches the network.
check "Hub model, offline and not cached"     1 empty env HF_HUB_OFFLINE=1 XDG_CACHE_HOME="$tmp/cache" "$bin" fit nobody-e2e/no-model --json "${whatif[@]}"
check "Hub model, --offline, not cached"      1 empty env XDG_CACHE_HOME="$tmp/cache" "$bin" --offline fit nobody-e2e/no-model --json "${whatif[@]}"
check "malformed Hugging Face id"             2 empty "$bin" fit bad-/model --json "${whatif[@]}"
check "one more GPU"                          0 json "$bin" --json "${whatif[@]}" --one-more-gpu
check "best that fits on a small CPU box"     0 text "$bin" --no-gpu --ram 16GiB
check "sort by speed"                         0 text "$bin" "${whatif[@]}" --sort speed
check "unknown sort order"                    2 empty "$bin" --json --sort fastest
check "bad --min-tps"                         2 empty "$bin" --json --min-tps 0
# Bad destinations and sources (a FIFO must neither hang nor be replaced; a
# full stdout is a failure, not a success).
mkfifo "$tmp/fifo"
check "report -o onto a FIFO"                 1 empty "$bin" report --option "RTX 4090,64GiB" --model gpt-oss-20b -o "$tmp/fifo"
[ -p "$tmp/fifo" ] || { fails=$((fails+1)); echo "FAIL report -o replaced the FIFO"; }
check "--catalog FIFO"                        1 empty timeout 10 "$bin" --json --catalog "$tmp/fifo"
check "--nfd-models FIFO"                     1 empty timeout -s KILL 10 "$bin" hw --nfd --nfd-models "$tmp/fifo"
if [ -w /dev/full ] && [ -c /dev/full ]; then
  check "plan table to a full stdout"         1 none sh -c '"$0" plan gpt-oss-20b >/dev/full' "$bin"
fi
check "tune --epochs NaN"                     2 empty "$bin" tune gpt-oss-20b --gpu "RTX 4090" --dataset-tokens 5M --epochs NaN --json
check "plan ignores no flag (--quant)"        2 empty "$bin" plan gpt-oss-20b --quant Q4_K_M

echo "$passes passed, $fails failed"
[ $fails = 0 ]
