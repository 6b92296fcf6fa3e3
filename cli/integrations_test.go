package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/fitcheck/fitcheck/httpapi"
	"github.com/fitcheck/fitcheck/nodelabels"
	"github.com/fitcheck/fitcheck/report"
)

// TestMain lets a test re-run this binary as `fitcheck` (FITCHECK_AS_MAIN=1),
// so the MCP test talks to a real process over its stdin and stdout.
func TestMain(m *testing.M) {
	if os.Getenv("FITCHECK_AS_MAIN") == "1" {
		os.Exit(Main("test"))
	}
	os.Exit(m.Run())
}

func mcpSession(t *testing.T, args ...string) *mcp.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"mcp"}, args...)...)
	cmd.Env = append(os.Environ(), "FITCHECK_AS_MAIN=1")
	client := mcp.NewClient(&mcp.Implementation{Name: "fitcheck-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func callTool(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error %v", name, err)
	}
	return res
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// TestMCPOverStdio drives `fitcheck mcp` as a client would: initialise,
// list tools and resources, call fit and recommend, validate the documents
// against the published schema, and send malformed arguments.
func TestMCPOverStdio(t *testing.T) {
	cs := mcpSession(t, "--gpu", "RTX 4090", "--ram", "64GiB")
	tools, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, tool := range tools.Tools {
		names[tool.Name] = true
		if tool.InputSchema == nil {
			t.Errorf("%s: no input schema", tool.Name)
		}
	}
	for _, want := range []string{"hardware", "fit", "tune", "plan", "machine_plan", "recommend", "models"} {
		if !names[want] {
			t.Errorf("tool %q missing (have %v)", want, names)
		}
	}
	if names["report"] {
		t.Error("the HTML report is offered as an MCP tool")
	}

	sch := schema(t)
	fit := callTool(t, cs, "fit", map[string]any{"model": "gpt-oss-20b", "context": 16384})
	if fit.IsError {
		t.Fatalf("fit: %s", text(fit))
	}
	validateStructured(t, sch, fit)
	if !strings.Contains(text(fit), "gpt-oss-20b") || !strings.Contains(text(fit), "RTX 4090") {
		t.Errorf("fit summary: %q", text(fit))
	}

	rec := callTool(t, cs, "recommend", map[string]any{"limit": 3, "min_tps": 20, "commercial": true})
	if rec.IsError {
		t.Fatalf("recommend: %s", text(rec))
	}
	doc := validateStructured(t, sch, rec)
	if n := len(doc.Models); n == 0 || n > 3 {
		t.Errorf("recommend returned %d models, want 1-3", n)
	}
	for _, m := range doc.Models {
		if m.CommercialUse == "no" || m.BestQuant == nil {
			t.Errorf("recommend: %s (commercial %s, best %v)", m.ID, m.CommercialUse, m.BestQuant)
		}
	}

	for _, bad := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"fit", map[string]any{}, "required"},
		{"fit", map[string]any{"model": "no-such-model-xyz"}, "unknown model"},
		{"fit", map[string]any{"model": "gpt-oss-20b", "context": "big"}, "number"},
		{"fit", map[string]any{"model": "gpt-oss-20b", "gpu": []any{"RTX 9999 Ultra"}}, "--gpu"},
		{"recommend", map[string]any{"limit": 0}, "limit"},
		{"hardware", map[string]any{"colour": "blue"}, "unknown parameter"},
	} {
		res := callTool(t, cs, bad.tool, bad.args)
		if !res.IsError || !strings.Contains(text(res), bad.want) {
			t.Errorf("%s %v: error=%v %q, want a tool error saying %q", bad.tool, bad.args, res.IsError, text(res), bad.want)
		}
	}

	// The server is still up after the errors, and serves its resources.
	r, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "fitcheck://schema/document.json"})
	if err != nil || len(r.Contents) != 1 || !json.Valid([]byte(r.Contents[0].Text)) {
		t.Fatalf("schema resource: %v", err)
	}
	r, err = cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "fitcheck://catalog"})
	if err != nil || !strings.Contains(r.Contents[0].Text, "gpt-oss-20b") {
		t.Fatalf("catalog resource: %v", err)
	}
}

func validateStructured(t *testing.T, sch interface{ Validate(any) error }, res *mcp.CallToolResult) report.Document {
	t.Helper()
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("structured content does not match the schema: %v", err)
	}
	var doc report.Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestServeAPI runs the HTTP API's handler on the real invoker.
func TestServeAPI(t *testing.T) {
	env := Env{Stderr: io.Discard, Stdout: io.Discard, Version: "test"}
	app := &App{env: &env}
	holder := &cobra.Command{Use: "fitcheck"}
	app.flags.register(holder)
	app.set = holder.PersistentFlags()
	if err := app.set.Parse(whatIf); err != nil {
		t.Fatal(err)
	}
	cache := &snapshotCache{app: app}
	invoke := Invoker(serverEnv(app, cache))
	srv := httptest.NewServer(httpapi.New(httpapi.Options{
		Invoke: func(ctx context.Context, a []string) ([]byte, string, int) {
			o := invoke(ctx, a)
			return o.Stdout, o.Stderr, o.Code
		},
		Refresh:        func(ctx context.Context) { cache.refresh(ctx) },
		DocumentSchema: report.Schema,
	}))
	defer srv.Close()

	sch := schema(t)
	get := func(path string) (int, []byte) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	code, body := get("/v1/fit?model=Qwen3-32B&context=4096")
	if code != 200 {
		t.Fatalf("fit: %d %s", code, body)
	}
	var v any
	json.Unmarshal(body, &v)
	if err := sch.Validate(v); err != nil {
		t.Errorf("fit document: %v", err)
	}
	var doc report.Document
	json.Unmarshal(body, &doc)
	if doc.Hardware.GPUs[0].Name != "NVIDIA GeForce RTX 4090" || doc.Settings.Context != 4096 {
		t.Errorf("fit answered for %v at context %d", doc.Hardware.GPUs, doc.Settings.Context)
	}
	if code, body = get("/v1/recommend?limit=2&origin=FR"); code != 200 || !bytes.Contains(body, []byte(`"FR"`)) {
		t.Errorf("recommend: %d %.200s", code, body)
	}
	if code, body = get("/v1/models?limit=1"); code != 200 || !bytes.Contains(body, []byte(`"total"`)) {
		t.Errorf("models: %d %.200s", code, body)
	}
	for path, want := range map[string]int{
		"/v1/fit":                                 400, // model is required
		"/v1/fit?model=nope-nope-nope":            400,
		"/v1/fit?model=Qwen3-32B&engine=x":        400,
		"/v1/nothing":                             404,
		"/v1/fit?" + strings.Repeat("a=1&", 3000): 414,
		"/healthz":                                200,
	} {
		if code, body := get(path); code != want {
			t.Errorf("GET %.60s: %d %s, want %d", path, code, body, want)
		}
	}
	if code, body = get("/v1/plan?model=gpt-oss-20b&users=2&tps=20"); code != 200 || !bytes.Contains(body, []byte(`"plans"`)) {
		t.Errorf("plan: %d %.300s", code, body)
	}
	rep, err := http.Post(srv.URL+"/v1/report", "application/json",
		strings.NewReader(`{"option":["RTX 4090,64GiB"],"model":["gpt-oss-20b"]}`))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(rep.Body)
	rep.Body.Close()
	if rep.StatusCode != 200 || !strings.HasPrefix(rep.Header.Get("Content-Type"), "text/html") || !bytes.Contains(page, []byte("<html")) {
		t.Errorf("report: %d %s %.200s", rep.StatusCode, rep.Header.Get("Content-Type"), page)
	}
	if rep, err := http.Post(srv.URL+"/v1/report", "application/json", strings.NewReader(`{"format":"pdf"}`)); err != nil || rep.StatusCode != 400 {
		t.Errorf("report as pdf: %v %v, want 400", rep.StatusCode, err)
	}
	resp, err := http.Post(srv.URL+"/v1/fit", "application/json", nil)
	if err != nil || resp.StatusCode != 405 {
		t.Errorf("POST /v1/fit: %v %v, want 405", resp.StatusCode, err)
	}
	resp, err = http.Post(srv.URL+"/v1/hardware/refresh", "application/json", strings.NewReader(strings.Repeat("x", httpapi.MaxBodyBytes+1)))
	if err != nil || resp.StatusCode != 413 {
		t.Errorf("oversized body: %v %v, want 413", resp.StatusCode, err)
	}
	resp, err = http.Post(srv.URL+"/v1/hardware/refresh", "", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("refresh: %v %v", resp.StatusCode, err)
	}
}

func TestServeRefusesRemoteAddresses(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8765": true, "localhost:1": true, "[::1]:8765": true,
		"0.0.0.0:8765": false, ":8765": false, "192.168.1.5:80": false, "example.com:80": false,
	} {
		err := checkServeAddr(addr, false)
		if (err == nil) != ok {
			t.Errorf("%s: %v", addr, err)
		}
		if err := checkServeAddr(addr, true); err != nil {
			t.Errorf("%s with --allow-remote: %v", addr, err)
		}
	}
	code, _, errs := run(t, "serve", "--addr", "0.0.0.0:0")
	if code != ExitUsage || !strings.Contains(errs, "--allow-remote") {
		t.Errorf("serve on 0.0.0.0: exit %d %q", code, errs)
	}
	if code, _, _ := run(t, "serve", "--addr", "nonsense"); code != ExitUsage {
		t.Errorf("serve --addr nonsense: exit %d", code)
	}
}

// TestNFDLabels checks the feature file against Kubernetes' label rules.
func TestNFDLabels(t *testing.T) {
	models := filepath.Join(t.TempDir(), "models.txt")
	os.WriteFile(models, []byte("# comment\nQwen/Qwen3-32B\n\ngpt-oss-120b\nmeta-llama/Llama-3.3-70B-Instruct\n"), 0o644)
	code, out, errs := run(t, args("hw", "--nfd", "--nfd-models", models, "--model", "gpt-oss-20b")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "# +expiry-time=") {
		t.Errorf("no expiry directive: %q", lines[0])
	}
	got := map[string]string{}
	for _, l := range lines {
		if strings.HasPrefix(l, "#") {
			continue
		}
		name, value, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("not name=value: %q", l)
		}
		if err := nodelabels.ValidName(name); err != nil || !strings.HasPrefix(name, nodelabels.Prefix) {
			t.Errorf("%q: %v", name, err)
		}
		if err := nodelabels.ValidValue(value); err != nil {
			t.Error(err)
		}
		got[name] = value
	}
	for name, want := range map[string]string{
		"fitcheck.gpu.count": "1", "fitcheck.gpu.memory-gib": "24", "fitcheck.ram-gib": "64",
		"fitcheck.gpu.model": "NVIDIA-GeForce-RTX-4090", "fitcheck.fit.qwen.qwen3-32b": "gpu",
		"fitcheck.fit.openai.gpt-oss-20b": "gpu",
	} {
		if got[name] != want {
			t.Errorf("%s = %q, want %q", name, got[name], want)
		}
	}
	if got["fitcheck.quant.openai.gpt-oss-120b"] == "" || got["fitcheck.fit.meta-llama.llama-3.3-70b-instruct"] == "" {
		t.Errorf("models from the list are missing: %v", got)
	}

	// Written atomically to a file; bad inputs are clear errors.
	file := filepath.Join(t.TempDir(), "fitcheck")
	if code, _, errs := run(t, args("hw", "--nfd", "--nfd-file", file)...); code != 0 {
		t.Fatalf("--nfd-file: %d %s", code, errs)
	}
	if data, err := os.ReadFile(file); err != nil || !bytes.Contains(data, []byte("fitcheck.gpu.count=1")) {
		t.Errorf("feature file: %v %q", err, data)
	}
	for _, bad := range [][]string{
		args("hw", "--nfd", "--nfd-models", filepath.Dir(models)),
		args("hw", "--nfd", "--nfd-models", "/nonexistent/list"),
		args("hw", "--nfd", "--model", "no-such-model-xyz"),
		args("hw", "--nfd", "--nfd-every", "1m"),
	} {
		if code, _, _ := run(t, bad...); code == 0 {
			t.Errorf("%v: exit 0", bad)
		}
	}
}

// TestDaemonSetManifest checks deploy/'s manifest without a cluster: valid
// YAML documents of the right kinds, a selector matching the pod labels,
// read-only host mounts, and container arguments fitcheck accepts.
func TestDaemonSetManifest(t *testing.T) {
	data, err := os.ReadFile("../deploy/fitcheck-nfd-daemonset.yaml")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, part := range bytes.Split(data, []byte("\n---\n")) {
		var obj struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name string `json:"name"`
			} `json:"metadata"`
			Data map[string]string `json:"data"`
			Spec struct {
				Selector struct {
					MatchLabels map[string]string `json:"matchLabels"`
				} `json:"selector"`
				Template struct {
					Metadata struct {
						Labels map[string]string `json:"labels"`
					} `json:"metadata"`
					Spec struct {
						Containers []struct {
							Image        string   `json:"image"`
							Args         []string `json:"args"`
							VolumeMounts []struct {
								Name      string `json:"name"`
								MountPath string `json:"mountPath"`
								ReadOnly  bool   `json:"readOnly"`
							} `json:"volumeMounts"`
						} `json:"containers"`
					} `json:"spec"`
				} `json:"template"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(part, &obj); err != nil {
			t.Fatal(err)
		}
		if obj.APIVersion == "" || obj.Kind == "" || obj.Metadata.Name == "" {
			t.Fatalf("document without apiVersion, kind or name: %+v", obj)
		}
		kinds[obj.Kind] = true
		switch obj.Kind {
		case "ConfigMap":
			if !strings.Contains(obj.Data["models.txt"], "Qwen/Qwen3-32B") {
				t.Errorf("ConfigMap models: %q", obj.Data["models.txt"])
			}
		case "DaemonSet":
			if obj.APIVersion != "apps/v1" {
				t.Errorf("DaemonSet apiVersion %q", obj.APIVersion)
			}
			sel, labels := obj.Spec.Selector.MatchLabels, obj.Spec.Template.Metadata.Labels
			for k, v := range sel {
				if labels[k] != v {
					t.Errorf("selector %s=%s does not match the pod labels %v", k, v, labels)
				}
			}
			c := obj.Spec.Template.Spec.Containers[0]
			for _, m := range c.VolumeMounts {
				if strings.HasPrefix(m.MountPath, "/host/") && !m.ReadOnly {
					t.Errorf("host mount %s is writable", m.MountPath)
				}
			}
			// The arguments parse (the flags exist and take these values).
			cmd, rest, err := newRoot(&Env{Stdout: io.Discard, Stderr: io.Discard}).Find(c.Args)
			if err != nil || cmd.Name() != "hw" {
				t.Fatalf("args %v: %v", c.Args, err)
			}
			if err := cmd.ParseFlags(rest); err != nil {
				t.Errorf("args %v: %v", c.Args, err)
			}
		}
	}
	if !kinds["DaemonSet"] || !kinds["ConfigMap"] {
		t.Errorf("kinds %v", kinds)
	}
}

// TestTune covers `fitcheck tune`: the acceptance case, JSON, and
// bad flag combinations.
func TestTune(t *testing.T) {
	code, out, errs := run(t, "tune", "Llama-3.1-8B-Instruct", "--gpu", "RTX 4090", "--ram", "64GiB", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc tuneDocument
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for _, r := range doc.Finetune {
		verdicts[r.Method] = r.Verdict
		if r.PeakBytes != r.Breakdown.Total() {
			t.Errorf("%s: peak %d is not the sum of its breakdown", r.Method, r.PeakBytes)
		}
	}
	if verdicts["full"] != "no" || verdicts["lora"] != "fits" || verdicts["qlora"] != "fits" {
		t.Errorf("verdicts %v, want full no, lora and qlora fit", verdicts)
	}
	if doc.Recommended == nil || *doc.Recommended != "lora" {
		t.Errorf("recommended %v", doc.Recommended)
	}
	code, out, _ = run(t, "tune", "Llama-3.1-8B-Instruct", "--gpu", "RTX 4090", "--ram", "64GiB")
	if code != 0 || !strings.Contains(out, "Recommended: lora") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{
		{"--method", "qlora", "--precision", "fp32"},
		{"--lora-rank", "0"},
		{"--seq-len", "200000"},
		{"--method", "dora"},
		{"--dataset-tokens", "lots"},
		{"--sharding", "zero9"},
	} {
		code, _, errs := run(t, append([]string{"tune", "Llama-3.1-8B-Instruct", "--gpu", "RTX 4090", "--ram", "64GiB"}, bad...)...)
		if code != ExitUsage || errs == "" {
			t.Errorf("%v: exit %d %q, want 2 with a message", bad, code, errs)
		}
	}
	if code, _, errs := run(t, "tune", "Llama-3.1-8B-Instruct", "--no-gpu", "--ram", "64GiB"); code != ExitFailure || !strings.Contains(errs, "GPU") {
		t.Errorf("no GPU: exit %d %q", code, errs)
	}
}

// The report prices each model on options whose hardware has a sourced
// price, as plan and the TUI detail do, and says "not available" otherwise.
func TestReportCosts(t *testing.T) {
	code, out, errs := run(t, "report", "--option", "RTX 4090,64GiB", "--option", "2x L40S,256GiB", "--model", "Qwen3-32B", "--format", "md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Cost / M tokens") || !strings.Contains(out, " out USD") || !strings.Contains(out, "not available") {
		t.Errorf("report costs:\n%s", out)
	}
}
