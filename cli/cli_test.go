package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/fitcheck/fitcheck/hwprobe"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// run executes fitcheck in-process, never on a terminal.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Version: "test", RunTUI: func(context.Context, *App) error {
		t.Fatal("the TUI must not start without a terminal")
		return nil
	}}
	code = Run(context.Background(), args, env)
	return code, out.String(), errb.String()
}

var whatIf = []string{"--gpu", "RTX 4090", "--ram", "64GiB", "--cpu-features", "avx2,fma"} // features fixed: the default is this machine's

func args(extra ...string) []string { return append(append([]string{}, whatIf...), extra...) }

func TestUsageErrorsExit2WithMessageAndNoOutput(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--json", "--context", "abc"}, "context"},
		{[]string{"--json", "--threads", "0"}, "--threads"},
		{[]string{"--json", "--threads", "-3"}, "--threads"},
		{[]string{"--json", "--os", "beos"}, "--os"},
		{[]string{"--json", "--context", "-5"}, "--context"},
		{[]string{"--json", "--context", "100000000"}, "--context"},
		{[]string{"--json", "--prompt-tokens", "0"}, "--prompt-tokens"},
		{[]string{"--json", "--prompt-tokens", "9000"}, "--prompt-tokens"},
		{[]string{"--json", "--cached-tokens", "-1"}, "--cached-tokens"},
		{[]string{"--json", "--context", "4096", "--cached-tokens", "4000"}, "--cached-tokens"},
		{[]string{"--json", "--kv-type", "q3"}, "--kv-type"},
		{[]string{"--json", "--engine", "tensorrt"}, "--engine"},
		{[]string{"--json", "--engine", "vllm", "--kv-type", "q4_0"}, "vLLM"},
		{[]string{"--json", "--parallel", "0"}, "--parallel"},
		{[]string{"--json", "--gpu-util", "1.5"}, "--gpu-util"},
		{[]string{"--json", "--gpu", "RTX 4099"}, `did you mean`},
		{[]string{"--json", "--gpu", "mem=lots"}, "--gpu"},
		{[]string{"--json", "--gpu", "RTX 4090", "--no-gpu"}, "contradict"},
		{[]string{"--json", "--ram", "12XB"}, "--ram"},
		{[]string{"--json", "--ram", "-4GiB"}, "--ram"},
		{[]string{"--json", "--ram-bw", "-1"}, "--ram-bw"},
		{[]string{"--json", "--cores", "-2"}, "--cores"},
		{[]string{"--json", "--cores", "0"}, "--cores"},
		{[]string{"--json", "--ram-bw", "0"}, "--ram-bw"},
		{[]string{"--json", "--interconnect", "infiniband"}, "--interconnect"},
		{[]string{"--json", "--ubatch", "0"}, "--ubatch"},
		{[]string{"--json", "--cpu-ghz", "0"}, "--cpu-ghz"},
		{[]string{"--json", "--cpu-ghz", "40"}, "--cpu-ghz"},
		{[]string{"--json", "--cpu-model", " "}, "--cpu-model"},
		{[]string{"--json", "--cpu-model", "4x Cortex-A76@2.4+Cortex-A55"}, "--cpu-model"},
		{[]string{"--json", "--vllm-version", "banana"}, "--vllm-version"},
		{[]string{"--json", "--ubatch", "100000"}, "--ubatch"},
		{[]string{"--json", "--licence", "nope"}, "--licence"},
		{[]string{"--json", "--quant", "AWQ"}, "--engine vllm"},
		{[]string{"--json", "--engine", "vllm", "--quant", "Q4_K_M"}, "--engine llama.cpp"},
		{[]string{"--json", "--require", "gpt-oss-20b@AWQ"}, "--engine vllm"},
		{[]string{"models", "--fits"}, "--fits"},
		{[]string{"--json", "--model", "no-such-model-xyz"}, "unknown model"},
		{[]string{"--json", "--quant", "Q9_Z"}, "--quant"},
		{[]string{"--json", "--origin", "Mars"}, "--origin"},
		{[]string{"--json", "--min-params", "lots"}, "--min-params"},
		{[]string{"--json", "--min-params", "70B", "--max-params", "7B"}, "--min-params"},
		{[]string{"--json", "--modality", "audio"}, "--modality"},
		{[]string{"--json", "--require", "gpt-oss-20b:fast"}, "verdict"},
		{[]string{"--json", "--require", "gpt-oss-20b@Q9"}, "quantization"},
		{[]string{"--json", "--require", "no-such-model-xyz"}, "unknown model"},
		{[]string{"--json", "--frobnicate"}, "unknown flag"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"fit"}, "exactly one MODEL"},
		{[]string{"fit", "a", "b"}, "exactly one MODEL"},
		{[]string{"fit", "no-such-model-xyz", "--json"}, "unknown model"},
		{[]string{"hw", "extra"}, "unknown command"},
	}
	for _, tc := range cases {
		code, out, errs := run(t, tc.args...)
		if code != ExitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, ExitUsage, errs)
		}
		if out != "" {
			t.Errorf("%q: wrote to stdout on a usage error: %.200q", tc.args, out)
		}
		if !strings.Contains(errs, tc.want) {
			t.Errorf("%q: stderr %q does not mention %q", tc.args, errs, tc.want)
		}
	}
}

func TestShortContextNeedsNoPromptFlag(t *testing.T) {
	if code, _, errs := run(t, args("--json", "--context", "256", "--model", "gpt-oss-20b")...); code != ExitOK {
		t.Errorf("--context 256 alone: exit %d %s", code, errs)
	}
}

func TestUnknownModelSuggestsTheClosest(t *testing.T) {
	_, _, errs := run(t, "fit", "gpt-os-20b", "--json")
	if !strings.Contains(errs, "gpt-oss-20b") {
		t.Errorf("no suggestion of gpt-oss-20b in %q", errs)
	}
}

func TestMalformedCatalogFileExits1NamingFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "mine.json")
	os.WriteFile(bad, []byte("{\"models\": [\n  {\"id\": \"x/y\", \"params_total\": \"many\"}\n]}\n"), 0o644)
	code, out, errs := run(t, args("--json", "--catalog", bad)...)
	if code != ExitFailure || out != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, out)
	}
	for _, want := range []string{"mine.json:2", "params_total"} {
		if !strings.Contains(errs, want) {
			t.Errorf("error %q does not name %q", errs, want)
		}
	}
	code, _, errs = run(t, args("--json", "--catalog", filepath.Join(dir, "missing.json"))...)
	if code != ExitFailure || !strings.Contains(errs, "missing.json") {
		t.Errorf("missing catalog file: exit %d, %q", code, errs)
	}
}

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile("../report/schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return s
}

// TestEveryPathPrintsOneValidDocument drives the paths scripts hit and
// validates each output against the published schema.
func TestEveryPathPrintsOneValidDocument(t *testing.T) {
	sch := schema(t)
	paths := [][]string{
		args("--json"),
		{"--json", "--no-gpu", "--ram", "16GiB"},
		{"--json"}, // probed: on CI no GPU, with warnings
		args("--json", "--origin", "ZW"),
		args("--json", "--fits", "--kv-type", "q8_0", "--context", "32768"),
		{"--json", "--engine", "vllm", "--gpu", "2x L40S", "--ram", "256GiB", "--model", "Llama-3.1-8B-Instruct"},
		args("--json", "--quant", "Q4_K_M", "--quant", "Q8_0", "--parallel", "4"),
		args("fit", "gpt-oss-20b", "--json"),
		args("--json", "--require", "gpt-oss-20b@MXFP4:gpu"),
	}
	for _, p := range paths {
		code, out, errs := run(t, p...)
		if code != ExitOK {
			t.Errorf("%q: exit %d: %s", p, code, errs)
			continue
		}
		var v any
		dec := json.NewDecoder(strings.NewReader(out))
		if err := dec.Decode(&v); err != nil {
			t.Errorf("%q: not JSON: %v", p, err)
			continue
		}
		if dec.More() {
			t.Errorf("%q: more than one document on stdout", p)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%q: output does not match report/schema.json:\n%v", p, err)
		}
	}
}

func TestFiltersThatSelectNothingAreAnAnswer(t *testing.T) {
	code, out, _ := run(t, args("--json", "--origin", "ZW")...)
	var doc struct{ Models []any }
	json.Unmarshal([]byte(out), &doc)
	if code != ExitOK || doc.Models == nil || len(doc.Models) != 0 {
		t.Errorf("exit %d, models %v; want 0 and an empty list", code, doc.Models)
	}
}

func TestRequireGatesWithExit3(t *testing.T) {
	code, out, errs := run(t, "--json", "--no-gpu", "--ram", "64GiB", "--require", "gpt-oss-20b@MXFP4:gpu")
	if code != ExitRequirement {
		t.Fatalf("exit %d, want 3 (%s)", code, errs)
	}
	var doc struct {
		Requirements []struct {
			Met     bool
			Verdict string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Requirements) != 1 || doc.Requirements[0].Met {
		t.Errorf("document does not record the unmet requirement: %v %+v", err, doc.Requirements)
	}
	if code, _, errs := run(t, args("--json", "--require", "gpt-oss-20b@MXFP4:gpu")...); code != ExitOK {
		t.Errorf("gpt-oss-20b MXFP4 should fit fully on an RTX 4090: exit %d %s", code, errs)
	}
}

func TestPipedOutputIsAPlainTable(t *testing.T) {
	for _, a := range [][]string{args(), args("fit", "Llama-3.1-8B-Instruct"), args("hw"), {"models", "--family", "gemma"}} {
		code, out, errs := run(t, a...)
		if code != ExitOK {
			t.Fatalf("%q: exit %d %s", a, code, errs)
		}
		if strings.Contains(out, "\x1b") {
			t.Errorf("%q: ANSI escape in piped output", a)
		}
		if len(strings.TrimSpace(out)) == 0 {
			t.Errorf("%q: empty output", a)
		}
	}
}

// TestGoldenDocument pins the whole document for fixed what-if hardware and
// a few well-known models, so a reviewer can check the numbers by eye.
// Regenerate with: go test ./cli -run TestGoldenDocument -update
func TestGoldenDocument(t *testing.T) {
	models := []string{"--model", "meta-llama/Llama-3.1-8B-Instruct", "--model", "openai/gpt-oss-20b", "--model", "Qwen/Qwen3-30B-A3B"}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"rtx4090_64gib", args(append([]string{"--json"}, models...)...)},
		{"cpu_only_32gib", append([]string{"--json", "--no-gpu", "--ram", "32GiB", "--ram-bw", "80", "--cores", "8", "--cpu-features", "avx2,fma"}, models...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, []byte(out), "", "  "); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, pretty.Bytes())
		})
	}
}

func TestShellCompletionOffersDatabaseAndCatalogNames(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "--gpu", "NVIDIA GeForce RTX 40"}, "NVIDIA GeForce RTX 4090\n"},
		{[]string{"__complete", "fit", "openai/gpt-oss"}, "openai/gpt-oss-20b\n"},
		{[]string{"__complete", "--quant", "MX"}, "MXFP4\n"},
	} {
		code, out, _ := run(t, tc.args...)
		if code != ExitOK || !strings.Contains(out, tc.want) {
			t.Errorf("%q: exit %d, %q lacks %q", tc.args, code, out, tc.want)
		}
	}
}

// A unified-memory chip named without a size takes --ram as its memory.
func TestUnifiedChipTakesItsSizeFromRAM(t *testing.T) {
	code, out, errs := run(t, "hw", "--json", "--gpu", "M4 Max (40-core GPU)", "--ram", "64GiB")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Hardware struct {
			GPUs []struct {
				MemoryTotalBytes  int64 `json:"memory_total_bytes"`
				SharedMemoryBytes int64 `json:"shared_memory_bytes"`
			}
		}
	}
	json.Unmarshal([]byte(out), &doc)
	g := doc.Hardware.GPUs
	if len(g) != 1 || g[0].SharedMemoryBytes != 64<<30 || g[0].MemoryTotalBytes >= 64<<30 || g[0].MemoryTotalBytes < 32<<30 {
		t.Errorf("M4 Max with 64 GiB: %+v (want the Metal working set, a part of 64 GiB)", g)
	}
}

// TestVLLMGeneration: releases map to the engine and graph behaviours that
// changed at 0.8 and 0.11.
func TestVLLMGeneration(t *testing.T) {
	for _, c := range []struct {
		v             string
		v0, piecewise bool
	}{{"0.7.2", true, true}, {"v0.8", false, true}, {"0.10.1.1", false, true}, {"0.11", false, false}, {"1.0", false, false}} {
		v0, pw, err := vllmGeneration(c.v)
		if err != nil || v0 != c.v0 || pw != c.piecewise {
			t.Errorf("%s: V0 %v piecewise %v (%v), want %v %v", c.v, v0, pw, err, c.v0, c.piecewise)
		}
	}
}

// A what-if card on Windows shows the desktop's reserve in hw, and only
// there: Linux keeps the whole card free.
func TestWindowsReserveInHW(t *testing.T) {
	for osName, want := range map[string]bool{"windows": true, "wsl": true, "linux": false} {
		code, out, errs := run(t, "hw", "--gpu", "RTX 3070", "--ram", "32GiB", "--os", osName)
		if code != ExitOK {
			t.Fatalf("--os %s: exit %d: %s", osName, code, errs)
		}
		if got := strings.Contains(out, "7.60 GiB free ("+hwprobe.WindowsReserveNote+")"); got != want {
			t.Errorf("--os %s: reserve shown %v, want %v:\n%s", osName, got, want, out)
		}
	}
}

// TestGPUFreeIsTheBudget: free= after a what-if card is what a model may
// use, and the Windows reserve does not come on top of it.
func TestGPUFreeIsTheBudget(t *testing.T) {
	req := []string{"--json", "--ram", "64GiB", "--require", "gpt-oss-20b@MXFP4:gpu"}
	if code, _, errs := run(t, append([]string{"--gpu", "RTX 4090"}, req...)...); code != ExitOK {
		t.Fatalf("idle RTX 4090: exit %d (%s)", code, errs)
	}
	if code, _, errs := run(t, append([]string{"--gpu", "RTX 4090,free=8GiB"}, req...)...); code != ExitRequirement {
		t.Fatalf("RTX 4090 with 8 GiB free: exit %d, want 3 (%s)", code, errs)
	}
	code, out, errs := run(t, "hw", "--gpu", "RTX 3070, free=7.5GiB", "--ram", "32GiB", "--os", "windows")
	if code != ExitOK || !strings.Contains(out, "7.50 GiB free") || strings.Contains(out, hwprobe.WindowsReserveNote) {
		t.Errorf("hw with free=: exit %d (%s):\n%s", code, errs, out)
	}
}
