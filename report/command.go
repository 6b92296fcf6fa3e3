package report

import (
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// Command is an engine command line whose settings match the estimate (the
// flags come from estimate.EngineArgs: context, offloaded layers, KV cache
// type, parallel sequences, layer split, expert placement). The GGUF file
// name is a placeholder: fitcheck does not know which repository a user
// downloads from.
func Command(m *catalog.Model, r estimate.Result, s estimate.Settings) string {
	args := estimate.EngineArgs(r, s)
	if args == nil {
		return ""
	}
	var head []string
	if r.Engine == estimate.EngineVLLM {
		head = []string{"vllm", "serve", m.ID}
		switch strings.ToUpper(r.Quant) {
		case "FP8":
			args = append(args, "--quantization", "fp8")
		case "AWQ", "GPTQ": // needs a checkpoint quantized that way
			args = append(args, "--quantization", strings.ToLower(r.Quant))
		}
	} else {
		short := m.ID[strings.IndexByte(m.ID, '/')+1:]
		head = []string{"llama-server", "-m", short + "-" + r.Quant + ".gguf"}
	}
	return strings.Join(append(head, args...), " ")
}
