package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/localmodel/ggufwrite"
	"github.com/fitcheck/fitcheck/report"
)

// runHome runs fitcheck with HOME at a fake home directory.
func runHome(t *testing.T, home string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Version: "test",
		Getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		}}
	code := Run(context.Background(), args, env)
	return code, out.String(), errb.String()
}

// fakeHome has Llama-3.1-8B-Instruct in Ollama and an unknown file in LM Studio.
func fakeHome(t *testing.T) string {
	home := t.TempDir()
	ollama := filepath.Join(home, ".ollama", "models")
	hex := fmt.Sprintf("%064x", 7)
	os.MkdirAll(filepath.Join(ollama, "blobs"), 0o755)
	writeGGUF(t, filepath.Join(ollama, "blobs"), "sha256-"+hex, ggufwrite.Llama8B())
	man := filepath.Join(ollama, "manifests", "registry.ollama.ai", "library", "llama3.1")
	os.MkdirAll(man, 0o755)
	os.WriteFile(filepath.Join(man, "8b"), []byte(`{"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:`+hex+`","size":1}]}`), 0o644)
	lms := filepath.Join(home, ".lmstudio", "models", "someone", "merge-GGUF")
	os.MkdirAll(lms, 0o755)
	s := ggufwrite.Llama8B()
	s.Name, s.BaseRepo, s.Layers = "merge", "", 30
	writeGGUF(t, lms, "merge-Q4_K_M.gguf", s)
	return home
}

func TestInstalledListsStores(t *testing.T) {
	home := fakeHome(t)
	code, out, errs := runHome(t, home, "installed", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc InstalledDocument
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Installed) != 2 {
		t.Fatalf("%d entries: %s", len(doc.Installed), out)
	}
	for _, e := range doc.Installed {
		switch e.Source {
		case "ollama":
			if e.Name != "llama3.1:8b" || e.CatalogID == nil || *e.CatalogID != "meta-llama/Llama-3.1-8B-Instruct" || *e.Quant != "Q4_K_M" {
				t.Errorf("ollama entry %+v", e)
			}
		case "lmstudio":
			if e.Name != "merge-Q4_K_M.gguf" || e.CatalogID != nil || *e.Architecture != "llama" {
				t.Errorf("lmstudio entry %+v", e)
			}
		}
	}
	code, out, _ = runHome(t, home, "installed")
	if code != ExitOK || !strings.Contains(out, "llama3.1:8b") || !strings.Contains(out, "2 models on disk") {
		t.Errorf("table: %s", out)
	}
	// The document marks the catalog model; --installed shows only it.
	code, out, errs = runHome(t, home, args("--json", "--installed")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var d report.Document
	json.Unmarshal([]byte(out), &d)
	if len(d.Models) != 1 || d.Models[0].ID != "meta-llama/Llama-3.1-8B-Instruct" || !d.Models[0].Installed {
		t.Errorf("--installed: %d models", len(d.Models))
	}
	code, out, _ = runHome(t, home, args("--plain", "--installed")...)
	if code != ExitOK || !strings.Contains(out, "[installed]") {
		t.Errorf("plain table does not mark it: %s", out)
	}
}
