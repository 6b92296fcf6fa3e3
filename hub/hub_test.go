package hub

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// fakeModels maps the repo ids the fake Hub serves to their verbatim
// config.json (testdata/configs, sources in testdata/README.md) and the
// card licence its metadata names.
var fakeModels = map[string]struct{ file, licence, licenceName string }{
	"meta-llama/Llama-3.1-8B":               {"Llama-3.1-8B.json", "llama3.1", ""},
	"meta-llama/Llama-3.2-3B":               {"Llama-3.2-3B.json", "llama3.2", ""},
	"openai/gpt-oss-20b":                    {"gpt-oss-20b.json", "apache-2.0", ""},
	"Qwen/Qwen3.5-35B-A3B":                  {"Qwen3.5-35B-A3B.json", "apache-2.0", ""},
	"Qwen/Qwen3-30B-A3B":                    {"Qwen3-30B-A3B.json", "apache-2.0", ""},
	"Qwen/Qwen3-32B":                        {"Qwen3-32B.json", "apache-2.0", ""},
	"Qwen/Qwen2.5-7B":                       {"Qwen2.5-7B.json", "other", "qwen"},
	"nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B": {"Nemotron-3-Nano-30B-A3B.json", "other", "nvidia-open-model-license"},
	"deepseek-ai/DeepSeek-V3":               {"DeepSeek-V3.json", "other", "deepseek"},
	"moonshotai/Kimi-K2-Instruct":           {"Kimi-K2-Instruct.json", "other", "modified-mit"},
	"google/gemma-4-31B-it":                 {"gemma-4-31B-it.json", "apache-2.0", ""},
	"zai-org/GLM-5.1":                       {"GLM-5.1.json", "mit", ""},
	"deepseek-ai/DeepSeek-V4-Flash":         {"DeepSeek-V4-Flash.json", "mit", ""},
	"google/gemma-3-1b-it":                  {"gemma-3-1b-it.json", "gemma", ""},
	"microsoft/Phi-3.5-mini-instruct":       {"Phi-3.5-mini-instruct.json", "mit", ""},
	"mistralai/Mistral-7B-Instruct-v0.1":    {"Mistral-7B-Instruct-v0.1.json", "apache-2.0", ""},
	"mistralai/Mistral-Nemo-Base-2407":      {"Mistral-Nemo-Base-2407.json", "apache-2.0", ""},
	"Qwen/Qwen3-Next-80B-A3B-Instruct":      {"Qwen3-Next-80B-A3B-Instruct.json", "apache-2.0", ""},
	"MiniMaxAI/MiniMax-M2.7":                {"MiniMax-M2.7.json", "other", "modified-mit"},
}

// fakeHub serves fakeModels like the Hub: the model API and resolve/.
// gated repos answer 401 to config.json without the token "hf_test".
type fakeHub struct {
	*httptest.Server
	hits   atomic.Int64
	mu     sync.Mutex
	auth   []string // Authorization header of each request, in order
	gated  map[string]bool
	totals map[string]int64
}

func newFakeHub(t *testing.T) *fakeHub {
	h := &fakeHub{gated: map[string]bool{}, totals: map[string]int64{}}
	h.Server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.Close)
	return h
}

func (h *fakeHub) serve(w http.ResponseWriter, r *http.Request) {
	h.hits.Add(1)
	h.mu.Lock()
	h.auth = append(h.auth, r.Header.Get("Authorization"))
	h.mu.Unlock()
	authorized := r.Header.Get("Authorization") == "Bearer hf_test"
	if id, ok := strings.CutPrefix(r.URL.Path, "/api/models/"); ok {
		fm, found := fakeModels[id]
		if !found {
			http.Error(w, `{"error":"Repository not found"}`, http.StatusNotFound)
			return
		}
		gated := any(false)
		if h.gated[id] {
			gated = "manual"
		}
		total := h.totals[id]
		fmt.Fprintf(w, `{"id": %q, "author": %q, "gated": %s, "createdAt": "2025-04-28T12:00:00.000Z",
			"cardData": {"license": %q, "license_name": %q}, "safetensors": {"parameters": {"BF16": %d}, "total": %d},
			"siblings": [{"rfilename": "config.json"}]}`,
			id, strings.Split(id, "/")[0], jsonValue(gated), fm.licence, fm.licenceName, total, total)
		return
	}
	if id, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/resolve/main/config.json"); ok {
		fm, found := fakeModels[id]
		if !found {
			http.NotFound(w, r)
			return
		}
		if h.gated[id] && !authorized {
			http.Error(w, "Access to this model is restricted", http.StatusUnauthorized)
			return
		}
		b, err := os.ReadFile(filepath.Join("testdata", "configs", fm.file))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write(b)
		return
	}
	http.NotFound(w, r)
}

func jsonValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// testClient is a client of h with its own cache and no token or offline
// setting from the real environment.
func testClient(t *testing.T, endpoint string, env map[string]string) *Client {
	t.Helper()
	vars := map[string]string{"HF_ENDPOINT": endpoint, "HF_HOME": t.TempDir()}
	for k, v := range env {
		vars[k] = v
	}
	c := New(func(k string) string { return vars[k] }, false)
	c.CacheDir = filepath.Join(t.TempDir(), "hub")
	c.Timeout = 2 * time.Second
	return c
}

// Every architecture of the fake Hub is looked up, converted and estimated.
func TestLookupEveryArchitecture(t *testing.T) {
	h := newFakeHub(t)
	c := testClient(t, h.URL, nil)
	cat := catalogtest.Builtin(t)
	hw := estimate.Hardware{GPUs: []estimate.Device{{Name: "H200", Backend: "cuda", MemoryBytes: 141 << 30, TotalBytes: 141 << 30,
		BandwidthGBps: 4800, FP16TFLOPs: 989}}, RAMBytes: 512 << 30, RAMBandwidthGBps: 300, CPUCores: 64}
	types := map[string]bool{}
	for id, fm := range fakeModels {
		m, err := c.Lookup(context.Background(), id, cat)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		types[m.Arch.ModelType] = true
		if m.IsUnknown(catalog.UnknownArch) {
			t.Errorf("%s: %s treated as an unknown architecture", id, m.Arch.ModelType)
		}
		rs := estimate.EstimateModel(m, hw, estimate.DefaultSettings(), nil)
		if len(rs) == 0 {
			t.Errorf("%s (%s): no estimate", id, fm.file)
		}
		if !contains(m.Unverified, "arch") || m.Sources.Config != h.URL+"/"+id+"/resolve/main/config.json" {
			t.Errorf("%s: unverified %v sources %+v", id, m.Unverified, m.Sources)
		}
	}
	if len(types) < 15 {
		t.Errorf("%d architectures served, want at least 15: %v", len(types), types)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestLookupFillsLicenceOriginAndCount(t *testing.T) {
	h := newFakeHub(t)
	h.totals["Qwen/Qwen3-32B"] = 32_762_123_264
	c := testClient(t, h.URL, nil)
	cat := catalogtest.Builtin(t)

	m, err := c.Lookup(context.Background(), "Qwen/Qwen3-32B", cat)
	if err != nil {
		t.Fatal(err)
	}
	if m.Licence != "apache-2.0" || m.OriginCountry != "CN" || m.Organisation == "" || m.Released != "2025-04" || m.ParamsTotal != 32_762_123_264 {
		t.Errorf("licence %q origin %q org %q released %q params %d", m.Licence, m.OriginCountry, m.Organisation, m.Released, m.ParamsTotal)
	}
	for _, f := range []string{"licence", "origin_country", "organisation", "released", "params_total"} {
		if !contains(m.Unverified, f) || m.IsUnknown(f) {
			t.Errorf("%s: unverified %v unknown %v", f, m.Unverified, m.Unknown)
		}
	}

	// "other" + license_name through the table, and an alias.
	if m, _ := c.Lookup(context.Background(), "Qwen/Qwen2.5-7B", cat); m == nil || m.Licence != "qwen" {
		t.Errorf("license_name qwen: %+v", m)
	}
	if m, _ := c.Lookup(context.Background(), "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B", cat); m == nil || m.Licence != "nvidia-open-model" {
		t.Errorf("nvidia-open-model-license: %+v", m)
	}
	// A licence the table lacks stays unknown, and the notes say what the card said.
	k, err := c.Lookup(context.Background(), "moonshotai/Kimi-K2-Instruct", cat)
	if err != nil {
		t.Fatal(err)
	}
	if k.Licence != "" || !k.IsUnknown("licence") || !strings.Contains(k.Notes, `"modified-mit"`) {
		t.Errorf("licence %q unknown %v notes %q", k.Licence, k.Unknown, k.Notes)
	}
}

func TestLookupNotFound(t *testing.T) {
	h := newFakeHub(t)
	c := testClient(t, h.URL, nil)
	_, err := c.Lookup(context.Background(), "nobody/nothing", catalogtest.Builtin(t))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 {
		t.Fatalf("got %v", err)
	}
	if want := "not found on the Hub (HF_ENDPOINT=" + h.URL + ")"; !strings.Contains(err.Error(), want) {
		t.Errorf("%q does not say %q", err, want)
	}
}

// A gated repository: without a token the error names HF_TOKEN; with one,
// the token is sent only where the Hub asks for it.
func TestLookupGated(t *testing.T) {
	h := newFakeHub(t)
	h.gated["meta-llama/Llama-3.1-8B"] = true
	c := testClient(t, h.URL, nil)
	_, err := c.Lookup(context.Background(), "meta-llama/Llama-3.1-8B", catalogtest.Builtin(t))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 401 || !strings.Contains(err.Error(), "HF_TOKEN") {
		t.Fatalf("got %v", err)
	}

	h2 := newFakeHub(t)
	h2.gated["meta-llama/Llama-3.1-8B"] = true
	dir := t.TempDir()
	tokenPath := filepath.Join(dir, "token")
	os.WriteFile(tokenPath, []byte("hf_test\n"), 0o600)
	c2 := testClient(t, h2.URL, map[string]string{"HF_TOKEN_PATH": tokenPath})
	m, err := c2.Lookup(context.Background(), "meta-llama/Llama-3.1-8B", catalogtest.Builtin(t))
	if err != nil || m.Arch.Layers != 32 {
		t.Fatalf("with token: %v", err)
	}
	if len(h2.auth) != 2 || h2.auth[0] != "" || h2.auth[1] != "Bearer hf_test" {
		t.Errorf("authorization headers %q: the metadata request must go without the token", h2.auth)
	}

	// A wrong token: the error says the token was refused.
	c3 := testClient(t, h.URL, map[string]string{"HF_TOKEN": "hf_wrong"})
	c3.CacheDir = ""
	if _, err := c3.Lookup(context.Background(), "meta-llama/Llama-3.1-8B", catalogtest.Builtin(t)); err == nil || !strings.Contains(err.Error(), "HF_TOKEN has access") {
		t.Errorf("wrong token: %v", err)
	}
}

// A server that accepts connections and never answers must not hang a
// lookup: it fails after the timeout.
func TestLookupTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn) // held open, never answered
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	c := testClient(t, "http://"+ln.Addr().String(), nil)
	c.Timeout = 300 * time.Millisecond
	start := time.Now()
	_, err = c.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t))
	if err == nil {
		t.Fatal("no error from a server that never answers")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(err.Error(), "HF_ENDPOINT=") {
		t.Errorf("error %q does not name the endpoint", err)
	}
}

// HF_HUB_OFFLINE never touches the network: an uncached model fails with
// ErrOffline; a model looked up once before comes from the cache.
func TestOffline(t *testing.T) {
	h := newFakeHub(t)
	cache := filepath.Join(t.TempDir(), "hub")

	off := testClient(t, h.URL, map[string]string{"HF_HUB_OFFLINE": "1"})
	off.CacheDir = cache
	if !off.Offline {
		t.Fatal("HF_HUB_OFFLINE=1 not honoured")
	}
	if _, err := off.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t)); !errors.Is(err, ErrOffline) {
		t.Fatalf("got %v", err)
	}
	if h.hits.Load() != 0 {
		t.Fatalf("offline lookup made %d requests", h.hits.Load())
	}

	on := testClient(t, h.URL, nil)
	on.CacheDir = cache
	if _, err := on.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t)); err != nil {
		t.Fatal(err)
	}
	before := h.hits.Load()
	m, err := off.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t))
	if err != nil || m.Arch.Layers != 64 {
		t.Fatalf("from cache: %v", err)
	}
	// The --offline flag alone does the same.
	flag := New(func(k string) string { return map[string]string{"HF_ENDPOINT": h.URL}[k] }, true)
	flag.CacheDir = cache
	if _, err := flag.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t)); err != nil {
		t.Fatal(err)
	}
	if h.hits.Load() != before {
		t.Errorf("offline lookups made %d requests", h.hits.Load()-before)
	}
	// Online, a fresh cache entry is used without asking again.
	if _, err := on.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t)); err != nil || h.hits.Load() != before {
		t.Errorf("fresh cache entry refetched: %v, %d requests", err, h.hits.Load()-before)
	}
}

func TestBadID(t *testing.T) {
	c := testClient(t, "http://127.0.0.1:1", nil)
	for _, id := range []string{"noslash", "a/b/c", "../etc", "a/..", "-a/b", "a/b-", "a/b c", "a/--b", "a/" + strings.Repeat("x", 97), "/b", "a/"} {
		_, err := c.Lookup(context.Background(), id, catalogtest.Builtin(t))
		var be *BadIDError
		if !errors.As(err, &be) {
			t.Errorf("%q: got %v", id, err)
		}
	}
	for _, id := range []string{"Qwen/Qwen3.5-397B-A17B", "meta-llama/Llama-3.1-8B", "a_b/c.d-e"} {
		if err := ValidID(id); err != nil {
			t.Errorf("%q: %v", id, err)
		}
	}
}

// Responses over the size caps are refused, not read into memory.
func TestResponseSizeCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Write([]byte(`{"id": "big/model"}`))
			return
		}
		w.Write([]byte(`{"pad": "`))
		chunk := []byte(strings.Repeat("x", 1<<16))
		for range configMaxBytes/len(chunk) + 2 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := testClient(t, srv.URL, nil)
	if _, err := c.Lookup(context.Background(), "big/model", catalogtest.Builtin(t)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("got %v", err)
	}
}

// A cache file replaced by something that is not a regular file is
// ignored, not read (a FIFO would block forever).
func TestCacheRefusesNonRegularFiles(t *testing.T) {
	c := testClient(t, "http://127.0.0.1:1", map[string]string{"HF_HUB_OFFLINE": "1"})
	dir := c.cacheDir("Qwen/Qwen3-32B")
	os.MkdirAll(filepath.Join(dir, infoFile), 0o755) // a directory where the file should be
	os.WriteFile(filepath.Join(dir, configFile), []byte(`{}`), 0o644)
	if _, err := c.Lookup(context.Background(), "Qwen/Qwen3-32B", catalogtest.Builtin(t)); !errors.Is(err, ErrOffline) {
		t.Errorf("got %v", err)
	}
}

// Every fixture config is served by the fake Hub and has its source in the
// README.
func TestFixturesAreServedAndSourced(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("testdata", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, fm := range fakeModels {
		served[fm.file] = true
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "configs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !served[e.Name()] {
			t.Errorf("%s is not served by the fake Hub", e.Name())
		}
		if !strings.Contains(string(readme), "`"+e.Name()+"`") {
			t.Errorf("%s has no source in testdata/README.md", e.Name())
		}
	}
}
