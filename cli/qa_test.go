package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fitcheck/fitcheck/mcpserver"
	"testing"
)

// fullWriter fails every write, like /dev/full as stdout.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// Every command that prints to stdout must exit 1 with a message when the
// write fails, whether it checks its writes (JSON) or not (tables).
func TestStdoutWriteFailureExits1(t *testing.T) {
	cases := [][]string{
		{"plan", "Qwen3-32B"},
		args("plan", "--machine"),
		{"plan", "Qwen3-32B", "--json"},
		args("tune", "Llama-3.1-8B-Instruct"),
		args("fit", "Qwen3-32B"),
		{"schema"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c, " "), func(t *testing.T) {
			var errb bytes.Buffer
			code := Run(context.Background(), c, Env{Stdout: fullWriter{}, Stderr: &errb, Version: "test"})
			if code != ExitFailure || !strings.Contains(errb.String(), "no space left") {
				t.Fatalf("exit %d, stderr %q; want 1 and the write error", code, errb.String())
			}
		})
	}
}

// -o onto something that is not a regular file must fail and leave it (and
// no temporary file) in place: the rename would replace a device node.
func TestReportRefusesNonRegularOutput(t *testing.T) {
	dir := t.TempDir()
	fifo := makeFIFO(t, dir)
	for _, target := range []string{fifo, dir} {
		code, _, stderr := run(t, "report", "--option", "RTX 4090,64GiB", "--model", "Qwen3-32B", "-o", target)
		if code != ExitFailure || !strings.Contains(stderr, "not a regular file") {
			t.Errorf("-o %s: exit %d, stderr %q", target, code, stderr)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
}

// Input files named on the command line: devices and FIFOs are refused at
// once (they used to hang --catalog), empty names are usage errors.
func TestInputFilesRefuseNonRegularAndEmpty(t *testing.T) {
	fifo := makeFIFO(t, t.TempDir())
	cases := []struct {
		args []string
		code int
		want string
	}{
		{args("--json", "--catalog", "/dev/zero"), ExitFailure, "not a regular file"},
		{args("--json", "--catalog", fifo), ExitFailure, "not a regular file"},
		{args("--json", "--catalog", ""), ExitUsage, "--catalog"},
		{args("--json", "--policy", ""), ExitUsage, "--policy"},
		{args("--json", "--policy", fifo), ExitFailure, "not a regular file"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) || stdout != "" {
				t.Fatalf("exit %d, stdout %d bytes, stderr %q; want exit %d and %q", code, len(stdout), stderr, c.code, c.want)
			}
		})
	}
}

// NaN slipped through float parsing: --epochs NaN broke --json ("unsupported
// value: NaN") and a NaN count became a huge negative one.
func TestBadNumbersAreUsageErrors(t *testing.T) {
	cases := [][]string{
		args("tune", "Llama-3.1-8B-Instruct", "--dataset-tokens", "50M", "--epochs", "NaN", "--json"),
		args("tune", "Llama-3.1-8B-Instruct", "--dataset-tokens", "50M", "--epochs", "1e300"),
		args("tune", "Llama-3.1-8B-Instruct", "--dataset-tokens", "NaN"),
		args("--json", "--max-params", "NaN"),
		args("--json", "--min-params", "NaNB"),
		{"plan", "Qwen3-32B", "--top", "-3"},
		args("--json", "--ram-bw", "NaN"),
		args("plan", "--machine", "--top", "-1"),
	}
	for _, c := range cases {
		t.Run(strings.Join(c, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, c...)
			if code != ExitUsage || stdout != "" || stderr == "" || strings.Contains(stderr, "does not apply") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want a usage error", code, stdout, stderr)
			}
		})
	}
}

// plan --machine's header: "1 user, no speed target … 1 model meets", not
// "1 users at 0 tok/s each … 1 models meet".
func TestMachineHeaderWording(t *testing.T) {
	code, out, stderr := run(t, args("plan", "--machine", "Qwen3-32B")...)
	if code != 0 || !strings.Contains(out, "for 1 user, no speed target,") || !strings.Contains(out, "1 model meets the targets") {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
}

// A CPU-only machine's plan --machine document lists CPU fits and still
// matches plan/schema.json.
func TestMachineDocumentCPUOnlyMatchesSchema(t *testing.T) {
	code, out, stderr := run(t, "plan", "--machine", "--no-gpu", "--ram", "64GiB", "--json", "--model", "Qwen3-32B", "--model", "gpt-oss-20b")
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	if err := planSchema(t).Validate(v); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"verdict":"cpu"`) {
		t.Errorf("no CPU fit listed: %s", out)
	}
}

// hw --nfd: a FIFO as --nfd-models hung (and ignored SIGTERM); --json was
// silently ignored.
func TestNFDInputs(t *testing.T) {
	fifo := makeFIFO(t, t.TempDir())
	cases := []struct {
		args []string
		code int
		want string
	}{
		{args("hw", "--nfd", "--nfd-models", fifo), ExitFailure, "not a regular file"},
		{args("hw", "--nfd", "--json"), ExitUsage, "--json"},
		{[]string{"hw", "--nfd", "--measure"}, ExitUsage, "--measure"},
		{[]string{"hw", "--list-gpus", "--measure"}, ExitUsage, "--measure"},
	}
	for _, c := range cases {
		code, stdout, stderr := run(t, c.args...)
		if code != c.code || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, stdout, stderr)
		}
	}
}

// Flags a subcommand does not use are usage errors, not silently ignored.
func TestInapplicableFlagsAreUsageErrors(t *testing.T) {
	pol := writePolicy(t, "block_origins: [CN]\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"plan", "Qwen3-32B", "--quant", "Q4_K_M"}, "MODEL@QUANT"},
		{[]string{"plan", "Qwen3-32B", "--gpu", "RTX 4090"}, "--gpu"},
		{[]string{"plan", "Qwen3-32B", "--model", "gpt-oss-20b"}, "--model"},
		{[]string{"plan", "Qwen3-32B", "--fits"}, "--fits"},
		{[]string{"plan", "--machine", "--quant", "Q4_K_M"}, "MODEL@QUANT"},
		{[]string{"plan", "Qwen3-32B", "--parallel", "4"}, "--users"},
		{[]string{"plan", "--machine", "--parallel", "4"}, "--users"},
		{args("tune", "Qwen3-32B", "--context", "4096"), "--seq-len"},
		{args("tune", "Qwen3-32B", "--engine", "vllm"), "--engine"},
		{args("tune", "Qwen3-32B", "--policy", pol), "--policy"},
		{[]string{"policy", "check", "--policy", pol, "--json", "--format", "sarif"}, "contradict"},
		{[]string{"policy", "check", "--policy", pol, "--fits"}, "--fits"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, c.args...)
			if code != ExitUsage || stdout != "" || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stdout %d bytes, stderr %q; want exit 2 naming %q", code, len(stdout), stderr, c.want)
			}
		})
	}
	// policy check --json means --format json.
	code, stdout, _ := run(t, "policy", "check", "--policy", pol, "--json", "--model", "gpt-oss-20b")
	var doc map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil || doc["models"] == nil {
		t.Errorf("policy check --json: exit %d: %.200s", code, stdout)
	}
}

// The MCP text summary of plan and machine_plan read like the fit one did:
// "No model matches", beside a document full of plans.
func TestMCPSummaryOfPlans(t *testing.T) {
	for _, c := range []struct {
		op   string
		args []string
		want string
	}{
		{"plan", []string{"plan", "gpt-oss-20b", "--json"}, "1. "},
		{"machine_plan", args("plan", "--machine", "--json", "--users", "2", "--tps", "20"), "Largest: "},
	} {
		code, out, stderr := run(t, c.args...)
		var doc map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
			t.Fatalf("%v: exit %d %s", c.args, code, stderr)
		}
		s := mcpserver.Summary(c.op, doc)
		if strings.Contains(s, "No model matches") || !strings.Contains(s, c.want) {
			t.Errorf("%s summary: %s", c.op, s)
		}
	}
}

// A report option without RAM takes this machine's: the report must say so.
func TestReportOptionWithoutRAMWarns(t *testing.T) {
	code, out, stderr := run(t, "report", "--option", "RTX 4090", "--model", "gpt-oss-20b", "--format", "md")
	if code != 0 || !strings.Contains(out, `--option "RTX 4090" gives no RAM`) {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	_, out, _ = run(t, "report", "--option", "RTX 4090,64GiB", "--model", "gpt-oss-20b", "--format", "md")
	if strings.Contains(out, "gives no RAM") {
		t.Error("warned although RAM was given")
	}
}

// "none,128GiB" is labelled "CPU only, 128 GiB RAM" in the report.
func TestReportCPUOnlyOptionLabel(t *testing.T) {
	code, out, stderr := run(t, "report", "--option", "none,128GiB", "--model", "gpt-oss-20b", "--format", "md")
	if code != 0 || !strings.Contains(out, "**CPU only, 128 GiB RAM**") || strings.Contains(out, "none, 128 GiB") {
		t.Fatalf("exit %d: %.600s %s", code, out, stderr)
	}
}

// A method that does not fit shows "—" as its longest sequence and largest
// batch, not "0".
func TestTuneTableNoFitShowsDash(t *testing.T) {
	code, out, stderr := run(t, args("tune", "Llama-3.1-8B-Instruct", "--method", "full")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "full" {
			if !strings.Contains(line, " no ") || strings.Contains(line, " 0 ") {
				t.Errorf("full on a 24 GiB card: %q", line)
			}
			return
		}
	}
	t.Fatalf("no full row: %s", out)
}

// An -o in a missing directory names that file, not the hidden temporary.
func TestReportOutputErrorNamesTheFile(t *testing.T) {
	target := filepath.Join(t.TempDir(), "no-such-dir", "r.html")
	code, _, stderr := run(t, "report", "--option", "RTX 4090,64GiB", "--model", "gpt-oss-20b", "-o", target)
	if code != ExitFailure || !strings.Contains(stderr, "cannot write "+target) || strings.Contains(stderr, ".r.html.") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// `completion tcsh` printed help and exited 0; a known shell still works.
func TestCompletionNeedsAKnownShell(t *testing.T) {
	for _, c := range [][]string{{"completion", "tcsh"}, {"completion"}} {
		if code, stdout, stderr := run(t, c...); code != ExitUsage || stdout != "" || !strings.Contains(stderr, "bash, zsh, fish") {
			t.Errorf("%v: exit %d, %d bytes out, %q", c, code, len(stdout), stderr)
		}
	}
	if code, stdout, _ := run(t, "completion", "bash"); code != 0 || !strings.Contains(stdout, "bash completion") {
		t.Errorf("completion bash: exit %d", code)
	}
}

// serve --addr with an impossible port is a usage error, not a listen failure.
func TestServeAddrPortRange(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:99999", "127.0.0.1:-1"} {
		if err := checkServeAddr(addr, false); err == nil || !strings.Contains(err.Error(), "0 to 65535") {
			t.Errorf("%s: %v", addr, err)
		}
	}
	if err := checkServeAddr("127.0.0.1:8765", false); err != nil {
		t.Error(err)
	}
}

// makeFIFO makes a named pipe "fifo" in dir for the tests of inputs that
// must refuse non-regular files, or skips where the system has none.
func makeFIFO(t *testing.T, dir string) string {
	t.Helper()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	return fifo
}

// hw --list-gpus marks the Apple peaks derived from core counts
// (hwprobe/apple_gpu_peak.go) and says how in a footnote and in --json.
func TestListGPUsMarksDerivedPeaks(t *testing.T) {
	code, out, errs := run(t, "hw", "--list-gpus")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Apple M2 Max (30-core GPU)") {
			line = l
		}
	}
	if !strings.Contains(line, "TFLOPs*") || !strings.Contains(out, "* no published figure") {
		t.Errorf("derived peak not marked: %q", line)
	}
	code, out, _ = run(t, "hw", "--list-gpus", "--json")
	if code != ExitOK || !strings.Contains(out, `"fp16_basis":"derived: 30 GPU cores`) {
		t.Errorf("--json lacks the derived peak's basis")
	}
}
