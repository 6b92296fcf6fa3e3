package report

import (
	"fmt"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// Command is an engine command line whose settings match the estimate (the
// flags come from estimate.EngineArgs: context, offloaded layers, KV cache
// type, parallel sequences, layer split, expert placement). It runs as it
// is where the weights are known to exist: llama.cpp downloads a GGUF
// repository known from a source (-hf REPO:QUANT), vLLM serves the original
// repository (BF16, FP8) or a known AWQ checkpoint. Elsewhere the weights
// are a shell parameter that stops the command with what it needs
// ("${GGUF:?a Q4_K_M GGUF of ...}"), never a file name that does not exist.
func Command(m *catalog.Model, r estimate.Result, s estimate.Settings) string {
	args := estimate.EngineArgs(r, s)
	if args == nil {
		return ""
	}
	var head []string
	if r.Engine == estimate.EngineVLLM {
		head = []string{"vllm", "serve", m.ID}
		switch q := strings.ToUpper(r.Quant); q {
		case "FP8":
			args = append(args, "--quantization", "fp8")
		case "AWQ", "GPTQ": // needs a checkpoint quantized that way
			if repo, ok := knownRepo(awqRepos, m.ID, q); ok {
				head[2] = repo.repo
			} else {
				head[2] = fmt.Sprintf(`"${%s_MODEL:?an %s checkpoint of %s; fitcheck knows none}"`, q, q, m.ID)
			}
			args = append(args, "--quantization", strings.ToLower(q))
		}
	} else {
		if repo, ok := knownRepo(ggufRepos, m.ID, r.Quant); ok {
			ref := repo.repo + ":" + r.Quant
			if repo.whole {
				ref = repo.repo
			}
			head = []string{"llama-server", "-hf", ref}
		} else {
			head = []string{"llama-server", "-m", fmt.Sprintf(`"${GGUF:?a %s GGUF file of %s; fitcheck knows no repository}"`, r.Quant, m.ID)}
		}
	}
	return strings.Join(append(head, args...), " ")
}
