package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake answers every command line with the arguments it was given.
func fake(block chan struct{}) Invoke {
	return func(ctx context.Context, args []string) ([]byte, string, int) {
		if block != nil {
			select {
			case <-block:
			case <-ctx.Done():
				return nil, "timed out", 1
			}
		}
		for _, a := range args {
			if a == "--context=999999" {
				return nil, "--context 999999: too large", 2
			}
			if a == "--search=explode" {
				return nil, "catalog: unreadable", 1
			}
		}
		out, _ := json.Marshal(map[string]any{"args": args, "models": []any{}})
		return out, "", 0
	}
}

func TestStatusCodesAndArguments(t *testing.T) {
	var logs bytes.Buffer
	srv := httptest.NewServer(New(Options{Invoke: fake(nil), Logger: slog.New(slog.NewJSONHandler(&logs, nil))}))
	defer srv.Close()
	cases := []struct {
		path string
		code int
		body string
	}{
		{"/v1/fit?model=Qwen3-32B&gpu=RTX+4090&gpu=RTX+3090", 200, `"args":["fit","--gpu=RTX 4090","--gpu=RTX 3090","--json","--","Qwen3-32B"]`},
		{"/v1/hardware?no_gpu=true&ram=16GiB", 200, `"args":["hw","--ram=16GiB","--no-gpu","--json"]`},
		{"/v1/fit?model=x&context=999999", 400, "too large"},
		{"/v1/models?search=explode", 500, "unreadable"},
		{"/v1/fit?model=x&bogus=1", 400, "unknown parameter"},
		{"/v1/operations", 200, `"/v1/recommend"`},
		{"/healthz", 200, `"ok"`},
		{"/elsewhere", 404, "no such endpoint"},
	}
	for _, c := range cases {
		resp, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code || !strings.Contains(b.String(), c.body) {
			t.Errorf("GET %s: %d %s, want %d with %s", c.path, resp.StatusCode, b.String(), c.code, c.body)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", c.path, ct)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET %s: CORS header without --cors-origin", c.path)
		}
	}
	var line map[string]any
	first, _, _ := bytes.Cut(logs.Bytes(), []byte("\n"))
	if err := json.Unmarshal(first, &line); err != nil || line["path"] != "/v1/fit" || line["status"] != 200.0 {
		t.Errorf("log line %s: %v", first, err)
	}
}

func TestCORSOnlyForTheNamedOrigin(t *testing.T) {
	srv := httptest.NewServer(New(Options{Invoke: fake(nil), CORSOrigin: "http://dash.local"}))
	defer srv.Close()
	for origin, want := range map[string]string{"http://dash.local": "http://dash.local", "http://evil.example": ""} {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/models", nil)
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("Origin %s: allow %q, want %q", origin, got, want)
		}
	}
}

// TestBusyAndTimeout: beyond MaxConcurrent requests wait, then get 503; a
// request that takes too long ends at Timeout; /healthz never queues.
func TestBusyAndTimeout(t *testing.T) {
	block := make(chan struct{})
	// The running request gives its slot back 150 ms after its own deadline
	// (as a command that takes a moment to notice the cancel does), so the
	// queued one, which arrived within those 150 ms, always times out in the
	// queue: with an instant release the two deadlines raced and both
	// requests could end in 500.
	slow := func(ctx context.Context, args []string) ([]byte, string, int) {
		out, msg, code := fake(block)(ctx, args)
		if ctx.Err() != nil {
			time.Sleep(150 * time.Millisecond)
		}
		return out, msg, code
	}
	srv := httptest.NewServer(New(Options{Invoke: slow, MaxConcurrent: 1, Timeout: 300 * time.Millisecond}))
	defer srv.Close()
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(srv.URL + "/v1/models")
			if err == nil {
				codes[i] = resp.StatusCode
				resp.Body.Close()
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz while busy: %v %v", resp, err)
	}
	wg.Wait()
	close(block)
	got := map[int]int{}
	for _, c := range codes {
		got[c]++
	}
	if got[503] != 1 || got[500] != 1 {
		t.Errorf("codes %v: want one 503 (queued past the timeout) and one 500 (timed out)", codes)
	}
}
