package report

import (
	"fmt"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// Command is an engine command line whose settings match the estimate:
// the same context, KV cache type, parallel sequences, offloaded layers and
// expert placement. The GGUF file name is a placeholder: fitcheck does not
// know which repository a user downloads from.
func Command(m *catalog.Model, r estimate.Result, s estimate.Settings, nGPUs int) string {
	if r.Verdict == estimate.VerdictNo {
		return ""
	}
	if s.Engine == estimate.EngineVLLM {
		return vllmCommand(m, r, s, nGPUs)
	}
	return llamaCommand(m, r, s)
}

func llamaCommand(m *catalog.Model, r estimate.Result, s estimate.Settings) string {
	short := m.ID[strings.IndexByte(m.ID, '/')+1:]
	args := []string{"llama-server", "-m", fmt.Sprintf("%s-%s.gguf", short, r.Quant),
		"-c", fmt.Sprint(s.Context * max(1, s.Parallel))}
	args = append(args, "-ngl", fmt.Sprint(r.NGL))
	if s.FlashAttention {
		args = append(args, "-fa", "on")
	} else {
		args = append(args, "-fa", "off")
	}
	if s.KVType != "" && s.KVType != "f16" {
		args = append(args, "-ctk", s.KVType, "-ctv", s.KVType)
	}
	if s.Parallel > 1 {
		args = append(args, "-np", fmt.Sprint(s.Parallel))
	}
	if s.CPUMoE && m.IsMoE() {
		args = append(args, "--cpu-moe")
	}
	return strings.Join(args, " ")
}

func vllmCommand(m *catalog.Model, r estimate.Result, s estimate.Settings, nGPUs int) string {
	args := []string{"vllm", "serve", m.ID, "--max-model-len", fmt.Sprint(s.Context),
		"--gpu-memory-utilization", fmt.Sprintf("%.2f", s.GPUMemoryUtilization)}
	if nGPUs > 1 {
		args = append(args, "--tensor-parallel-size", fmt.Sprint(tensorParallel(m, nGPUs)))
	}
	switch strings.ToUpper(r.Quant) {
	case "FP8":
		args = append(args, "--quantization", "fp8")
	case "AWQ":
		args = append(args, "--quantization", "awq") // needs an AWQ checkpoint of the model
	case "GPTQ":
		args = append(args, "--quantization", "gptq") // needs a GPTQ checkpoint of the model
	}
	if s.KVType == "q8_0" {
		args = append(args, "--kv-cache-dtype", "fp8")
	}
	if s.Parallel > 1 {
		args = append(args, "--max-num-seqs", fmt.Sprint(s.Parallel))
	}
	return strings.Join(args, " ")
}

// tensorParallel is the largest power of two up to nGPUs that divides the
// attention heads, as vLLM requires.
func tensorParallel(m *catalog.Model, nGPUs int) int {
	tp := 1
	for tp*2 <= nGPUs && m.Arch.Heads%(tp*2) == 0 {
		tp *= 2
	}
	return tp
}
