#!/usr/bin/env bash
# End-to-end test of the fitcheck TUI: the real binary in a real terminal
# (tmux), on fixed what-if hardware. It builds fitcheck, then searches for a
# model, opens its detail, doubles the context, opens its fine-tune screen
# and quits, checking the screen
# (tmux capture-pane) after each step with bounded polling. A second run at
# 80x24 with NO_COLOR checks the selection stays visible without colour.
#
#   scripts/tui-e2e.sh          (needs Go and tmux; installs nothing)
set -euo pipefail

if ! command -v tmux >/dev/null 2>&1; then
	echo "tui-e2e: FAIL: tmux is not installed (CI installs it in .ci/run; locally: apt-get install tmux)" >&2
	exit 1
fi

cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
SESSION="fitcheck-e2e-$$-$RANDOM"
TMUX_CMD=(tmux -L "$SESSION" -f /dev/null) # own server: never touches the user's tmux
cleanup() {
	"${TMUX_CMD[@]}" kill-session -t "$SESSION" 2>/dev/null || true
	"${TMUX_CMD[@]}" kill-server 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

echo "tui-e2e: building fitcheck"
go build -o "$TMP/fitcheck" .

step=0
pane() { "${TMUX_CMD[@]}" capture-pane -p -t "$SESSION" 2>/dev/null || true; }

fail() {
	echo "tui-e2e: FAIL at step $step: $*" >&2
	echo "----- screen -----" >&2
	pane >&2
	echo "------------------" >&2
	exit 1
}

# wait_for TEXT [SECONDS]: poll the screen until it contains TEXT (fixed string).
wait_for() {
	local text=$1 limit=${2:-10} i
	for ((i = 0; i < limit * 10; i++)); do
		if pane | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
	done
	fail "\"$text\" did not appear within ${limit}s"
}

# wait_gone TEXT [SECONDS]: poll until the screen no longer shows TEXT.
wait_gone() {
	local text=$1 limit=${2:-10} i
	for ((i = 0; i < limit * 10; i++)); do
		if ! pane | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
	done
	fail "\"$text\" still shown after ${limit}s"
}

# wait_exit [SECONDS]: poll until fitcheck has exited and its session closed.
wait_exit() {
	local limit=${1:-10} i
	for ((i = 0; i < limit * 10; i++)); do
		if ! "${TMUX_CMD[@]}" has-session -t "$SESSION" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	fail "fitcheck did not exit within ${limit}s"
}

keys() { "${TMUX_CMD[@]}" send-keys -t "$SESSION" "$@"; }
text() { "${TMUX_CMD[@]}" send-keys -t "$SESSION" -l -- "$1"; }

# start W H [ENV...]: run fitcheck on what-if hardware in a fresh session
# (plus $EXTRA_FLAGS, split on spaces).
# HOME and XDG dirs point into $TMP so profiles and caches stay out of the
# user's. The exit status lands in $TMP/rc.
start() {
	local w=$1 h=$2
	shift 2
	rm -f "$TMP/rc"
	# shellcheck disable=SC2016 # $0 and $1 expand in the inner sh
	"${TMUX_CMD[@]}" new-session -d -s "$SESSION" -x "$w" -y "$h" \
		env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache" TERM=xterm-256color "$@" \
		sh -c '"$0" --gpu "RTX 4090" --ram 64GiB $2; echo $? > "$1"' "$TMP/fitcheck" "$TMP/rc" "${EXTRA_FLAGS:-}"
}

check_rc() {
	[[ -f $TMP/rc ]] || fail "no exit status recorded"
	[[ $(cat "$TMP/rc") == 0 ]] || fail "fitcheck exited with status $(cat "$TMP/rc")"
}

echo "tui-e2e: 120x40 session $SESSION"
start 120 40

step=1 # the table appears with the what-if hardware
wait_for "NVIDIA GeForce RTX 4090" 15
wait_for "WHAT-IF"
wait_for "64.0 GiB"
wait_for "Verdict"
wait_for " models"

step=2 # / then type: incremental search
keys /
wait_for "search:"
text "Qwen3-30B-A3B"
wait_for "search: Qwen3-30B-A3B"
wait_for "Qwen3 30B-A3B"
keys Enter
wait_gone "search: Qwen3"
wait_for '“Qwen3-30B-A3B”' # the status line names the search (the UI's curly quotes)

step=3 # enter opens the detail of the selected model
keys Enter
wait_for "Quantizations at context 8k"
wait_for "Qwen3 30B-A3B"
wait_for "llama-server"
wait_for "GPU | RAM"

step=4 # + doubles the context; every figure follows
keys +
wait_for "Quantizations at context 16k"
wait_for "context 16k"
wait_for "-c 16384"

step=4t # t opens the fine-tune screen of the model; > doubles its sequence; esc goes back
keys t
wait_for "Fine-tuning Qwen3 30B-A3B"
wait_for "Adapters+grads+opt"
wait_for "QLoRA"
wait_for "sequence 2k"
keys '>'
wait_for "sequence 4k"
keys Escape
wait_gone "Fine-tuning Qwen3"
wait_for "Quantizations at context 16k"

step=5 # q quits cleanly
keys q
wait_exit 10
check_rc

echo "tui-e2e: 80x24 NO_COLOR session"
start 80 24 NO_COLOR=1

step=6 # small terminal without colour: the selected row keeps its cursor glyph
wait_for "Verdict" 15
pane | grep -q '^›' || fail "no row shows the › cursor without colour"
keys Down
sleep 0.2
[[ $(pane | grep -c '^›') == 1 ]] || fail "want exactly one › row after moving down"

step=7 # what-if screen, then ctrl+c quits from anywhere
keys w
wait_for "Accelerator database"
keys C-c
wait_exit 10
check_rc

echo "tui-e2e: 80x24 first-use session (issue 14)"
EXTRA_FLAGS="--sort size" start 80 24 # largest first: the names checked below are on the first screen

step=8 # whole names, the footer keeps what-if and quit, the Run line its keys
wait_for "Verdict" 15
wait_for "Mixtral 8x7B Instruct v0.1"
wait_for "w what-if"
wait_for "q quit"
wait_for "context 8k (+/-)"

step=9 # a direct sort key sorts by a shown column, says so, and shows the top
keys PgDn PgDn
wait_gone "row 1/"
keys T
wait_for "▼tok/s"
wait_for "sorted by tok/s"
wait_for "row 1/"
keys D # Date is not shown at 80 columns
wait_for "not shown at this width"

step=9b # at 80 columns the plan screen is named and keeps its cost columns
keys Home Enter p
wait_for "› plan"
wait_for '$/M out' 20
keys Escape
wait_for "Quantizations at context"
keys Escape
wait_for "row 1/"

step=10 # context above a model's maximum: rows marked, + bounded with a reason
keys + + + + +
wait_for "at their maximum context"
wait_for "↓"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do keys +; done
wait_for "no model shown takes more"

step=11 # the detail shows its quantization table on the first screen
keys Home Enter
wait_for "Quantizations at context"
wait_for "› detail: "
keys Escape
wait_gone "Quantizations at context"

step=12 # help keeps the header; q quits from the help
keys '?'
wait_for "esc closes · q quits"
wait_for "Run "
keys q
wait_exit 10
check_rc

echo "tui-e2e: PASS"
