package report

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// Commands run as they are (issue 14, item 19): a known repository where a
// source shows one, else a shell parameter that stops with what is
// missing, never a file name that does not exist.
func TestCommandsRunAsTheyAre(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	find := func(id string) *catalog.Model {
		m, err := cat.Find(id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	llama, vllm := estimate.DefaultSettings(), estimate.DefaultSettings()
	vllm.Engine = estimate.EngineVLLM
	res := func(engine, q string) estimate.Result {
		return estimate.Result{Engine: engine, Quant: q, Verdict: estimate.VerdictGPU, GPULayers: 33, TotalLayers: 33, Context: 8192}
	}
	for _, tc := range []struct {
		model, quant string
		s            estimate.Settings
		want         string
		runs         bool // the command's arguments expand in sh without an error
	}{
		{"openai/gpt-oss-20b", "MXFP4", llama, "llama-server -hf ggml-org/gpt-oss-20b-GGUF ", true},
		{"Qwen/Qwen3-8B", "Q8_0", llama, "llama-server -hf Qwen/Qwen3-8B-GGUF:Q8_0 ", true},
		{"Qwen/Qwen3-8B", "Q2_K", llama, "a Q2_K GGUF file of Qwen/Qwen3-8B; fitcheck knows no repository", false},
		{"Qwen/Qwen2.5-7B-Instruct", "AWQ", vllm, "vllm serve Qwen/Qwen2.5-7B-Instruct-AWQ ", true},
		{"Qwen/Qwen3-8B", "AWQ", vllm, "an AWQ checkpoint of Qwen/Qwen3-8B; fitcheck knows none", false},
		{"Qwen/Qwen3-8B", "BF16", vllm, "vllm serve Qwen/Qwen3-8B ", true},
	} {
		m := find(tc.model)
		cmd := Command(m, res(tc.s.Engine, tc.quant), tc.s)
		if !strings.Contains(cmd, tc.want) {
			t.Errorf("%s %s: %q lacks %q", tc.model, tc.quant, cmd, tc.want)
		}
		if strings.Contains(cmd, ".gguf") {
			t.Errorf("%s %s: names a local file: %q", tc.model, tc.quant, cmd)
		}
		// Run it in sh with the program replaced by the no-op ":": the
		// arguments expand, or stop with the parameter's message.
		sh := ":" + cmd[strings.IndexByte(cmd, ' '):]
		out, err := exec.Command("sh", "-c", sh).CombinedOutput()
		if (err == nil) != tc.runs {
			t.Errorf("%s %s: sh -c %q: %v %s", tc.model, tc.quant, sh, err, out)
		}
		if !tc.runs && !strings.Contains(string(out), "fitcheck knows") {
			t.Errorf("%s %s: stops without saying why: %s", tc.model, tc.quant, out)
		}
	}
}
