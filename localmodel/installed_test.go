package localmodel

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
	"github.com/fitcheck/fitcheck/localmodel/ggufwrite"
)

func mkdir(t testing.TB, parts ...string) string {
	t.Helper()
	p := filepath.Join(parts...)
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	mkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// small is a tiny llama-shaped model: fast to write, real header.
func small(name string) ggufwrite.Spec {
	return ggufwrite.Spec{Arch: "llama", Name: name, FileType: 7, Layers: 4, Embd: 256, Heads: 4, KVHeads: 2,
		HeadDim: 64, FF: 512, Vocab: 1024, Context: 4096, Weight: ggufwrite.Q8_0, Down: ggufwrite.Q8_0, EmbType: ggufwrite.Q8_0}
}

// ollamaStore writes an Ollama store with one model per tag.
func ollamaStore(t testing.TB, root string, tags map[string]ggufwrite.Spec) {
	t.Helper()
	i := 0
	for tag, spec := range tags {
		hex := fmt.Sprintf("%064x", i+1)
		i++
		writeSpec(t, mkdir(t, root, "blobs"), "sha256-"+hex, spec)
		name, tg, _ := strings.Cut(tag, ":")
		ns := "library"
		if a, b, ok := strings.Cut(name, "/"); ok {
			ns, name = a, b
		}
		writeFile(t, filepath.Join(root, "manifests", "registry.ollama.ai", ns, name, tg), fmt.Sprintf(
			`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:%064x","size":485},"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:%s","size":1},{"mediaType":"application/vnd.ollama.image.license","digest":"sha256:%064x","size":10}]}`,
			999, hex, 998))
	}
}

func TestDiscoverStores(t *testing.T) {
	home := t.TempDir()
	ollamaStore(t, filepath.Join(home, "ollama"), map[string]ggufwrite.Spec{
		"llama3.1:8b":         ggufwrite.Llama8B(),
		"someone/tiny:latest": small("tiny"),
	})
	lms := mkdir(t, home, "lmstudio", "lmstudio-community", "Meta-Llama-3.1-8B-Instruct-GGUF")
	writeSpec(t, lms, "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", ggufwrite.Llama8B())
	writeSpec(t, lms, "mmproj-model-f16.gguf", small("projector")) // not a model: skipped
	// A split model: only the first part is listed, sized with every part.
	p1, s1 := writeSpec(t, lms, "big-00001-of-00002.gguf", small("big"))
	_, s2 := writeSpec(t, lms, "big-00002-of-00002.gguf", small("big"))
	_ = p1

	hf := mkdir(t, home, "hf")
	snap := mkdir(t, hf, "models--meta-llama--Llama-3.1-8B-Instruct", "snapshots", "0e9e39f249a16976918f6564b8830bc894c89659")
	writeFile(t, filepath.Join(snap, "config.json"), `{"model_type":"llama","torch_dtype":"bfloat16","num_hidden_layers":32}`)
	blobs := mkdir(t, hf, "models--meta-llama--Llama-3.1-8B-Instruct", "blobs")
	for i, n := range []string{"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"} {
		blob := filepath.Join(blobs, fmt.Sprintf("blob%d", i))
		f, _ := os.Create(blob)
		f.Truncate(int64(1000 * (i + 1)))
		f.Close()
		if err := os.Symlink(filepath.Join("..", "..", "blobs", fmt.Sprintf("blob%d", i)), filepath.Join(snap, n)); err != nil {
			t.Fatal(err)
		}
	}
	ggufSnap := mkdir(t, hf, "models--bartowski--Llama-3.2-1B-GGUF", "snapshots", "abc")
	writeSpec(t, ggufSnap, "Llama-3.2-1B-Q8_0.gguf", small("Llama 3.2 1B"))

	lcpp := mkdir(t, home, "llamacpp")
	writeSpec(t, lcpp, "bartowski_Qwen_Qwen3-8B-GGUF_Qwen3-8B-Q4_K_M.gguf", small("unknown model"))
	writeFile(t, filepath.Join(lcpp, "broken.gguf"), "GGUF\x03\x00\x00\x00")
	unreadable := mkdir(t, lcpp, "locked")
	if err := os.Chmod(unreadable, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(unreadable, 0o755)

	roots := Roots{Ollama: []string{filepath.Join(home, "ollama")}, LMStudio: []string{filepath.Join(home, "lmstudio")},
		HF: []string{hf}, LlamaCpp: []string{lcpp, filepath.Join(home, "does-not-exist")}}
	inv := Discover(context.Background(), roots, catalogtest.Builtin(t))
	got := map[string]Entry{}
	for _, e := range inv.Entries {
		got[e.Source+" "+e.Name] = e
	}
	str := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	check := func(key, quant, arch, id string) Entry {
		t.Helper()
		e, ok := got[key]
		if !ok {
			t.Fatalf("missing %q in %v", key, keys(got))
		}
		if str(e.Quant) != quant || str(e.Architecture) != arch || str(e.CatalogID) != id {
			t.Errorf("%s: quant %s arch %s catalog %s, want %s %s %s (error %s)", key, str(e.Quant), str(e.Architecture), str(e.CatalogID), quant, arch, id, str(e.Error))
		}
		return e
	}
	check("ollama llama3.1:8b", "Q4_K_M", "llama", "meta-llama/Llama-3.1-8B-Instruct")
	check("ollama someone/tiny:latest", "Q8_0", "llama", "<nil>")
	check("lmstudio Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf", "Q4_K_M", "llama", "meta-llama/Llama-3.1-8B-Instruct")
	if e := check("lmstudio big-00001-of-00002.gguf", "Q8_0", "llama", "<nil>"); e.FileBytes != s1+s2 {
		t.Errorf("split model: %d bytes, want %d", e.FileBytes, s1+s2)
	}
	if e := check("huggingface meta-llama/Llama-3.1-8B-Instruct", "BF16", "llama", "meta-llama/Llama-3.1-8B-Instruct"); e.FileBytes != 3000 {
		t.Errorf("HF snapshot: %d bytes, want 3000 (the symlinked blobs)", e.FileBytes)
	}
	check("huggingface bartowski/Llama-3.2-1B-GGUF/Llama-3.2-1B-Q8_0.gguf", "Q8_0", "llama", "<nil>") // 4 layers: not the real 1B
	if e := got["llama.cpp broken.gguf"]; e.Error == nil || !strings.Contains(*e.Error, "truncated") {
		t.Errorf("broken file: %+v", e)
	}
	if len(inv.Entries) != 8 {
		t.Errorf("%d entries: %v", len(inv.Entries), keys(got))
	}
	if os.Geteuid() != 0 { // root reads everything
		if len(inv.Warnings) != 1 || !strings.Contains(inv.Warnings[0], "locked") {
			t.Errorf("warnings %q, want one for the unreadable folder", inv.Warnings)
		}
	}
}

func keys(m map[string]Entry) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDiscoverSymlinkLoop(t *testing.T) {
	root := t.TempDir()
	sub := mkdir(t, root, "a", "b")
	writeSpec(t, sub, "m-Q8_0.gguf", small("m"))
	// b/up -> .. (a), a/self -> . and a link to itself: each directory is
	// entered once, the self-link is reported and skipped.
	os.Symlink("..", filepath.Join(sub, "up"))
	os.Symlink(".", filepath.Join(root, "a", "self"))
	os.Symlink("selfloop", filepath.Join(root, "selfloop"))
	inv := Discover(context.Background(), Roots{LlamaCpp: []string{root}}, nil)
	if len(inv.Entries) != 1 {
		t.Fatalf("%d entries, want 1: %+v", len(inv.Entries), inv.Entries)
	}
	if len(inv.Warnings) != 1 || !strings.Contains(inv.Warnings[0], "selfloop") {
		t.Errorf("warnings %q", inv.Warnings)
	}
}

func TestDefaultRoots(t *testing.T) {
	env := map[string]string{"HOME": "/h", "OLLAMA_MODELS": "/o", "HF_HOME": "/hf", "LLAMA_CACHE": "/l"}
	r := DefaultRoots(func(k string) string { return env[k] })
	if r.Ollama[0] != "/o" || r.HF[0] != "/hf/hub" || r.LlamaCpp[0] != "/l" || r.LMStudio[0] != "/h/.lmstudio/models" {
		t.Errorf("%+v", r)
	}
	env = map[string]string{"HOME": "/h", "HF_HUB_CACHE": "/c", "HF_HOME": "/hf"}
	r = DefaultRoots(func(k string) string { return env[k] })
	if r.Ollama[0] != "/h/.ollama/models" || r.HF[0] != "/c" || r.LlamaCpp[0] != "/h/.cache/llama.cpp" {
		t.Errorf("%+v", r)
	}
}

// BenchmarkDiscover100 lists 100 installed GGUF models (Ollama and LM
// Studio), each header with a 32k-token vocabulary. Budget: well under
// 100 ms for the hundred.
func BenchmarkDiscover100(b *testing.B) {
	home := b.TempDir()
	tags := map[string]ggufwrite.Spec{}
	for i := range 50 {
		s := small(fmt.Sprintf("model %d", i))
		s.Vocab, s.VocabStrings, s.Layers = 32000, true, 32
		tags[fmt.Sprintf("m%d:latest", i)] = s
		writeSpec(b, mkdir(b, home, "lms", "pub", fmt.Sprintf("repo%d", i)), fmt.Sprintf("m%d-Q8_0.gguf", i), s)
	}
	ollamaStore(b, filepath.Join(home, "ollama"), tags)
	roots := Roots{Ollama: []string{filepath.Join(home, "ollama")}, LMStudio: []string{filepath.Join(home, "lms")}}
	cat := catalogtest.Builtin(b)
	b.ResetTimer()
	for b.Loop() {
		inv := Discover(context.Background(), roots, cat)
		if len(inv.Entries) != 100 {
			b.Fatalf("%d entries", len(inv.Entries))
		}
	}
	if per := b.Elapsed() / time.Duration(b.N); per > 100*time.Millisecond {
		b.Errorf("%v per listing of 100 models, budget 100 ms", per)
	}
}

// TestOllamaOldBlobNames: a store from before blobs were named sha256-HEX.
func TestOllamaOldBlobNames(t *testing.T) {
	root := t.TempDir()
	hex := fmt.Sprintf("%064x", 5)
	writeSpec(t, mkdir(t, root, "blobs"), "sha256:"+hex, small("old"))
	writeFile(t, filepath.Join(root, "manifests", "registry.ollama.ai", "library", "old", "latest"),
		`{"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:`+hex+`"}]}`)
	inv := Discover(context.Background(), Roots{Ollama: []string{root}}, nil)
	if len(inv.Entries) != 1 || inv.Entries[0].Name != "old:latest" || inv.Entries[0].Quant == nil {
		t.Errorf("%+v %v", inv.Entries, inv.Warnings)
	}
}
