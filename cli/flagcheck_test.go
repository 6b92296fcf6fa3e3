package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fitcheck/fitcheck/hwprobe"
)

// Issue 14, items 21–29: one behaviour for every command, bad values
// refused, write failures reported, names completed as people type them.

func TestRequireMeansTheSameEverywhere(t *testing.T) {
	// Honoured where there is an estimate…
	for _, a := range [][]string{
		{"--json", "--no-gpu", "--ram", "64GiB", "--require", "gpt-oss-20b@MXFP4:gpu"},
		{"fit", "gpt-oss-20b", "--json", "--no-gpu", "--ram", "64GiB", "--require", "gpt-oss-20b@MXFP4:gpu"},
		{"fit", "gpt-oss-20b", "--no-gpu", "--ram", "64GiB", "--require", "gpt-oss-20b:gpu"},
	} {
		code, out, errs := run(t, a...)
		if code != ExitRequirement || !strings.Contains(errs, "requirement not met") {
			t.Errorf("%q: exit %d (%s), want 3", a, code, errs)
		}
		if strings.Contains(strings.Join(a, " "), "--json") && !strings.Contains(out, `"requirements":[{`) {
			t.Errorf("%q: the document does not record the requirement", a)
		}
	}
	if code, _, errs := run(t, "fit", "gpt-oss-20b", "--json", "--gpu", "RTX 4090", "--ram", "64GiB", "--require", "gpt-oss-20b:gpu"); code != ExitOK {
		t.Errorf("fit --require met: exit %d %s", code, errs)
	}
	// …refused where there is none, never silently passed.
	for _, cmd := range []string{"models", "hw", "schema"} {
		code, out, errs := run(t, cmd, "--require", "gpt-oss-20b")
		if code != ExitUsage || out != "" || !strings.Contains(errs, "--require") {
			t.Errorf("%s --require: exit %d stdout %q stderr %q, want 2", cmd, code, out, errs)
		}
	}
}

func TestCatalogFileIsCappedAndRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := makeFIFO(t, dir)
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxCatalogBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct{ path, want string }{
		{"/dev/zero", "not a regular file but a device"},
		{fifo, "not a regular file but a named pipe"},
		{dir, "not a regular file but a directory"},
		{big, "larger than 32 MiB"},
	} {
		code, out, errs := run(t, args("--json", "--catalog", tc.path)...)
		if code != ExitFailure || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("--catalog %s: exit %d stdout %.50q stderr %q, want 1 and %q", tc.path, code, out, errs, tc.want)
		}
	}
}

// failingWriter fails every write, like stdout on /dev/full.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestWriteFailuresExit1(t *testing.T) {
	for _, a := range [][]string{args("hw"), args("hw", "--json"), args(), args("--json"), {"models"}, {"schema"},
		args("fit", "gpt-oss-20b"), {"hw", "--list-gpus"}} {
		var errb bytes.Buffer
		code := Run(context.Background(), a, Env{Stdout: failingWriter{}, Stderr: &errb, Version: "test"})
		if code != ExitFailure || !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%q on a full disk: exit %d, stderr %q; want 1", a, code, errb.String())
		}
	}
}

func TestMeasureReportsAnUnwritableCache(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bandwidth benchmark")
	}
	dir := t.TempDir()
	blocked := filepath.Join(dir, "file")
	os.WriteFile(blocked, nil, 0o600) // a file where the cache directory should be
	t.Setenv("XDG_CACHE_HOME", blocked)
	t.Setenv("HOME", blocked)
	code, out, errs := run(t, "hw", "--measure", "--json")
	if code != ExitFailure || !strings.Contains(errs, "could not cache") {
		t.Errorf("hw --measure with an unwritable cache: exit %d, stderr %q; want 1", code, errs)
	}
	if !strings.Contains(out, "measured now") {
		t.Errorf("the measurement itself is still printed: %.300q", out)
	}
}

func TestValuesThatCannotBeMeant(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--json", "--ram-bw", "NaN"}, "--ram-bw"},
		{[]string{"--json", "--ram-bw", "+Inf"}, "--ram-bw"},
		{[]string{"--json", "--gpu-util", "NaN"}, "--gpu-util"},
		{[]string{"--json", "--ram", ""}, "--ram is empty"},
		{[]string{"--json", "--catalog", ""}, "--catalog is empty"},
		{[]string{"--json", "--engine", ""}, "--engine is empty"},
		{[]string{"--json", "--min-params", " "}, "--min-params is empty"},
		{[]string{"--json", "--min-params", "7X"}, "--min-params"},
		{[]string{"--json", "--gpu", "mem=16GiB,name=" + strings.Repeat("x", 100000)}, "at most 64"},
		{[]string{"--json", "--gpu", "mem=16GiB,name=My\u202ecard"}, "bidirectional"},
		{[]string{"--json", "--gpu", "mem=16GiB,name=a\x1b[2Jb"}, "control character"},
		{[]string{"completion", "tcsh"}, "no such shell"},
		{[]string{"completion"}, "needs a shell"},
		{[]string{"help", "nosuch"}, "no help topic"},
	}
	for _, tc := range cases {
		code, out, errs := run(t, append(append([]string{}, whatIf...), tc.args...)...)
		if tc.args[0] == "completion" || tc.args[0] == "help" {
			code, out, errs = run(t, tc.args...)
		}
		if code != ExitUsage || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%.80q: exit %d stdout %.80q stderr %.200q; want 2 and %q", tc.args, code, out, errs, tc.want)
		}
	}
	// A right-to-left override in a catalog name is a malformed catalog (exit 1).
	dir := t.TempDir()
	bad := filepath.Join(dir, "rtl.json")
	entry := `{"models": [{"id": "x/y", "name": "abc\u202edef"}]}`
	os.WriteFile(bad, []byte(entry), 0o644)
	if code, _, errs := run(t, args("--json", "--catalog", bad)...); code != ExitFailure || !strings.Contains(errs, "bidirectional") {
		t.Errorf("catalog name with U+202E: exit %d, %q", code, errs)
	}
}

func TestCustomGPUWithoutBandwidthSaysWhatItAssumed(t *testing.T) {
	code, out, _ := run(t, "--json", "--gpu", "mem=16GiB", "--ram", "32GiB", "--model", "gpt-oss-20b")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var doc struct{ Warnings []string }
	json.Unmarshal([]byte(out), &doc)
	joined := strings.Join(doc.Warnings, "\n")
	if strings.Contains(joined, "no speed estimate") || !strings.Contains(joined, "assume 300 GB/s") {
		t.Errorf("warnings %q: want the assumed bandwidth named", doc.Warnings)
	}
}

func TestOneCaseRuleAndParamUnits(t *testing.T) {
	for _, a := range [][]string{
		{"models", "--modality", "TEXT"}, {"models", "--modality", "Vision"},
		args("--json", "--kv-type", "Q8_0", "--model", "gpt-oss-20b"), args("--json", "--engine", "VLLM", "--model", "gpt-oss-20b"),
	} {
		if code, _, errs := run(t, a...); code != ExitOK {
			t.Errorf("%q: exit %d %s", a, code, errs)
		}
	}
	count := func(a ...string) int {
		_, out, _ := run(t, append([]string{"models", "--json"}, a...)...)
		var doc struct{ Models []json.RawMessage }
		json.Unmarshal([]byte(out), &doc)
		return len(doc.Models)
	}
	if bare, unit := count("--min-params", "7", "--max-params", "9"), count("--min-params", "7B", "--max-params", "9B"); bare != unit || bare == 0 {
		t.Errorf("--min-params 7 selects %d models, 7B %d: a bare number means billions", bare, unit)
	}
	if n := count("--max-params", "500M"); n == 0 || n >= count() {
		t.Errorf("--max-params 500M selects %d models", n)
	}
}

func TestUnusedFlagsAreNamed(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"fit", "gpt-oss-20b", "--model", "qwen3-32b", "--origin", "FR"}, "--model, --origin ignored"},
		{[]string{"--engine", "vllm", "--cpu-moe", "--plain"}, "--cpu-moe applies to llama.cpp"},
		{[]string{"--gpu-util", "0.8", "--plain"}, "--gpu-util applies to vLLM"},
		{[]string{"--engine", "vllm", "--plain", "--no-gpu", "--ram", "64GiB"}, "vLLM runs on a GPU only"},
		{[]string{"hw", "--context", "4096", "--family", "qwen"}, "ignored"},
		{[]string{"models", "--gpu", "RTX 4090"}, "--gpu ignored"},
	} {
		a := tc.args
		if !strings.Contains(strings.Join(a, " "), "--gpu") && !strings.Contains(strings.Join(a, " "), "--no-gpu") && a[0] != "models" {
			a = args(a...)
		}
		code, _, errs := run(t, a...)
		if code != ExitOK || !strings.Contains(errs, "warning: ") || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want a warning with %q", a, code, errs, tc.want)
		}
	}
	// No warning when every flag applies.
	if _, _, errs := run(t, args("--plain", "--context", "4096")...); strings.Contains(errs, "warning") {
		t.Errorf("spurious warning: %q", errs)
	}
}

func TestCompletionOfWhatPeopleType(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "fit", "gpt-oss"}, "gpt-oss-20b\n"},
		{[]string{"__complete", "--gpu", "RTX 40"}, "RTX 4090\n"},
		{[]string{"__complete", "--model", "qwen3"}, "qwen3-32B\n"},
		{[]string{"__complete", "--require", "Llama-3.1"}, "Llama-3.1-8B-Instruct\n"},
		{[]string{"__complete", "--gpu", "h100"}, "h100"},
	} {
		code, out, _ := run(t, tc.args...)
		if code != ExitOK || !strings.Contains(out, tc.want) {
			t.Errorf("%q: exit %d, %.300q lacks %q", tc.args, code, out, tc.want)
		}
	}
	// What completes is accepted.
	if code, _, errs := run(t, "fit", "qwen3-32B", "--json", "--gpu", "RTX 4090", "--ram", "64GiB"); code != ExitOK {
		t.Errorf("completed name rejected: %d %s", code, errs)
	}
}

func TestEveryJSONOutputHasASchema(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"hw", args("hw", "--json")},
		{"hw", []string{"hw", "--json", "--no-gpu", "--ram", "8GiB"}},
		{"gpus", []string{"hw", "--list-gpus", "--json"}},
		{"document", args("--json", "--model", "gpt-oss-20b")},
	} {
		code, sch, _ := run(t, "schema", tc.name)
		if code != ExitOK {
			t.Fatalf("schema %s: exit %d", tc.name, code)
		}
		c := jsonschema.NewCompiler()
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(sch))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(tc.name+".json", doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(tc.name + ".json")
		if err != nil {
			t.Fatalf("schema %s does not compile: %v", tc.name, err)
		}
		code, out, errs := run(t, tc.args...)
		if code != ExitOK {
			t.Fatalf("%q: exit %d %s", tc.args, code, errs)
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%q does not match schema %s: %v", tc.args, tc.name, err)
		}
		if !strings.Contains(out, `"schema_version":`) {
			t.Errorf("%q: no schema_version", tc.args)
		}
	}
	if code, _, _ := run(t, "schema", "nosuch"); code != ExitUsage {
		t.Errorf("schema nosuch: exit %d, want 2", code)
	}
}

func TestProfileFlagStartsFromASavedMachine(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("HOME", cfg)
	dir := filepath.Join(cfg, "fitcheck", "profiles")
	os.MkdirAll(dir, 0o755)
	// What the TUI writes (ui.newProfile), for two RTX 4090s, 128 GiB and a 32k context.
	profile := `{"name": "Customer A", "assume_idle": true, "hardware": ` + hwprobeJSON(t) +
		`, "settings": {"Context": 32768, "PromptTokens": 512, "KVType": "q8_0", "Engine": "llama.cpp", "Parallel": 1, "FlashAttention": true, "GPUMemoryUtilization": 0.9}}`
	os.WriteFile(filepath.Join(dir, "customer-a.json"), []byte(profile), 0o644)

	code, out, errs := run(t, "--json", "--profile", "Customer A", "--model", "gpt-oss-20b")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Hardware struct {
			Source string
			GPUs   []struct{ Name string } `json:"gpus"`
			Memory struct {
				TotalBytes int64 `json:"total_bytes"`
			} `json:"memory"`
		}
		Settings struct {
			Context     int    `json:"context"`
			KVCacheType string `json:"kv_cache_type"`
			AssumeIdle  bool   `json:"assume_idle"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Hardware.Memory.TotalBytes != 128<<30 {
		t.Errorf("--profile: RAM %d, want 128 GiB", doc.Hardware.Memory.TotalBytes)
	}
	if len(doc.Hardware.GPUs) != 2 || doc.Settings.Context != 32768 || doc.Settings.KVCacheType != "q8_0" || !doc.Settings.AssumeIdle {
		t.Errorf("--profile: %d GPUs, context %d, KV %s, idle %v; want the profile's", len(doc.Hardware.GPUs), doc.Settings.Context, doc.Settings.KVCacheType, doc.Settings.AssumeIdle)
	}
	// Flags given with it win.
	_, out, _ = run(t, "--json", "--profile", "customer-a", "--context", "4096", "--model", "gpt-oss-20b")
	json.Unmarshal([]byte(out), &doc)
	if doc.Settings.Context != 4096 || doc.Settings.KVCacheType != "q8_0" {
		t.Errorf("--profile --context 4096: context %d KV %s", doc.Settings.Context, doc.Settings.KVCacheType)
	}
	if code, _, errs := run(t, "--json", "--profile", "nobody"); code != ExitUsage || !strings.Contains(errs, "no profile") {
		t.Errorf("unknown profile: exit %d %q", code, errs)
	}
}

// hwprobeJSON is a saved machine as the TUI writes it (a hwprobe.Snapshot):
// two RTX 4090s, 128 GiB RAM and 16 cores.
func hwprobeJSON(t *testing.T) string {
	t.Helper()
	gpus, err := hwprobe.ParseGPUSpec("2x RTX 4090")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(hwprobe.WhatIf(hwprobe.Overrides{GPUs: gpus, RAMBytes: 128 << 30, Cores: 16}))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
