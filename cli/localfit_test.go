package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fitcheck/fitcheck/localmodel/ggufwrite"
	"github.com/fitcheck/fitcheck/report"
)

func writeGGUF(t *testing.T, dir, name string, s ggufwrite.Spec) string {
	t.Helper()
	kvs, ts := s.Build()
	p := filepath.Join(dir, name)
	if _, err := ggufwrite.Write(p, kvs, ts); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFitGGUFFileIsSizedFromItsHeader(t *testing.T) {
	dir := t.TempDir()
	p := writeGGUF(t, dir, "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", ggufwrite.Llama8B())
	code, out, errs := run(t, args("fit", p, "--json")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if err := schema(t).Validate(v); err != nil {
		t.Errorf("does not match the schema: %v", err)
	}
	var doc report.Document
	json.Unmarshal([]byte(out), &doc)
	if len(doc.Models) != 1 || len(doc.Models[0].Estimates) != 1 {
		t.Fatalf("want one model with one estimate: %s", out)
	}
	m, e := doc.Models[0], doc.Models[0].Estimates[0]
	// Its identity comes from the catalog entry it was converted from.
	if m.ID != "meta-llama/Llama-3.1-8B-Instruct" || m.Licence == "" || m.CommercialUse == "" {
		t.Errorf("identity: id %q licence %q commercial %q", m.ID, m.Licence, m.CommercialUse)
	}
	// Tensor bytes of the written header, computed independently.
	s := ggufwrite.Llama8B()
	_, ts := s.Build()
	var want uint64
	for _, x := range ts {
		want += ggufwrite.Bytes(x.Type, x.Dims)
	}
	if e.Quant != "Q4_K_M" || e.FileBytes != int64(want) || e.Verdict != "gpu" {
		t.Errorf("estimate: quant %s file %d (want %d) verdict %s", e.Quant, e.FileBytes, want, e.Verdict)
	}
	if e.Command == nil || !strings.Contains(*e.Command, "-m "+p) {
		t.Errorf("command does not name the file: %v", e.Command)
	}
	// The same file split in two parts: the first part stands for both.
	// (A table on a pipe works too.)
	code, out, errs = run(t, args("fit", p)...)
	if code != ExitOK || !strings.Contains(out, "Q4_K_M") {
		t.Errorf("table: exit %d %s %s", code, out, errs)
	}
}

func TestFitUnknownGGUFHasUnknownIdentity(t *testing.T) {
	s := ggufwrite.Llama8B()
	s.Name, s.BaseRepo, s.Layers = "my merge", "", 30
	p := writeGGUF(t, t.TempDir(), "my-merge-Q4_K_M.gguf", s)
	code, out, errs := run(t, args("fit", p, "--json")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc report.Document
	json.Unmarshal([]byte(out), &doc)
	m := doc.Models[0]
	if m.ID != "my-merge-Q4_K_M" || m.CommercialUse != "" || m.Layers != 30 || !strings.Contains(strings.Join(m.Unknown, ","), "licence") {
		t.Errorf("id %q commercial %q layers %d unknown %v", m.ID, m.CommercialUse, m.Layers, m.Unknown)
	}
}

func TestFitFileErrors(t *testing.T) {
	dir := t.TempDir()
	p := writeGGUF(t, dir, "m.gguf", ggufwrite.Llama8B())
	f, _ := os.Open(p)
	head := make([]byte, 300)
	f.Read(head)
	f.Close()
	cut := filepath.Join(dir, "cut.gguf")
	os.WriteFile(cut, head, 0o644)
	fifo := filepath.Join(dir, "pipe.gguf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{args("fit", cut), ExitFailure, "truncated GGUF header"},
		{args("fit", fifo), ExitFailure, "not a regular file"},
		{args("fit", filepath.Join(dir, "missing.gguf")), ExitFailure, "no such file"},
		{args("fit", p, "--engine", "vllm"), ExitUsage, "runs on llama.cpp"},
		{args("fit", p, "--quant", "Q8_0"), ExitUsage, "one quantization"},
	} {
		code, out, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit %d and %q", c.args, code, errs, out, c.code, c.want)
		}
	}
}

func TestFitModelDirectory(t *testing.T) {
	cfg, err := os.ReadFile("../hub/testdata/configs/Llama-3.1-8B.json") // a verbatim config.json
	if err != nil {
		t.Skip("hub fixtures not merged:", err)
	}
	// A Hugging Face cache snapshot: the directory names the repo.
	dir := filepath.Join(t.TempDir(), "models--meta-llama--Llama-3.1-8B", "snapshots", "d04e592bb4f6aa9cfee91e2e20afa771667e1d4b")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "config.json"), cfg, 0o644)
	os.WriteFile(filepath.Join(dir, "model.safetensors.index.json"), []byte(`{"metadata":{"total_size":16060522496},"weight_map":{}}`), 0o644)
	code, out, errs := run(t, args("fit", dir, "--json")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v any
	json.Unmarshal([]byte(out), &v)
	if err := schema(t).Validate(v); err != nil {
		t.Errorf("does not match the schema: %v", err)
	}
	var doc report.Document
	json.Unmarshal([]byte(out), &doc)
	m := doc.Models[0]
	if m.ID != "meta-llama/Llama-3.1-8B" || m.Layers != 32 || len(m.Estimates) != 1 {
		t.Fatalf("model %s layers %d estimates %d", m.ID, m.Layers, len(m.Estimates))
	}
	if e := m.Estimates[0]; e.Quant != "BF16" || e.FileBytes != 16060522496 {
		t.Errorf("estimate %s file %d", e.Quant, e.FileBytes)
	}
	// The config.json alone gives the same model (no size on disk).
	code, _, errs = run(t, args("fit", filepath.Join(dir, "config.json"), "--json")...)
	if code != ExitOK {
		t.Errorf("config.json: exit %d %s", code, errs)
	}
	// A directory without a config.json is a clear failure.
	code, _, errs = run(t, args("fit", t.TempDir())...)
	if code != ExitFailure || !strings.Contains(errs, "config.json") {
		t.Errorf("empty dir: exit %d %s", code, errs)
	}
}
