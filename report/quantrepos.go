package report

// Quantized checkpoints known from a source, so the engine command can
// name a repository that exists instead of a file nobody has. Only
// repositories whose quantizations a source shows are listed; every other
// model gets a command that stops and says what it needs (see Command).

// quantRepo is a published quantized checkpoint of a catalog model.
type quantRepo struct {
	repo   string
	quants []string // quantizations the repository holds, as fitcheck names them
	whole  bool     // the repository holds one quantization: -hf takes it without a tag
	source string
}

// ggufRepos maps a catalog model id to a GGUF repository llama.cpp's -hf
// downloads from.
var ggufRepos = map[string]quantRepo{
	"openai/gpt-oss-20b": {repo: "ggml-org/gpt-oss-20b-GGUF", quants: []string{"MXFP4"}, whole: true,
		// The card's quick start is "llama-server -hf ggml-org/gpt-oss-20b-GGUF"; the file is gpt-oss-20b-mxfp4.gguf.
		source: "https://huggingface.co/ggml-org/gpt-oss-20b-GGUF"},
	"openai/gpt-oss-120b": {repo: "ggml-org/gpt-oss-120b-GGUF", quants: []string{"MXFP4"}, whole: true,
		// llama.cpp's gpt-oss guide runs "llama-server -hf ggml-org/gpt-oss-120b-GGUF".
		source: "https://github.com/ggml-org/llama.cpp/discussions/15396"},
	"Qwen/Qwen3-8B": {repo: "Qwen/Qwen3-8B-GGUF", quants: []string{"Q8_0", "Q4_K_M"},
		// Qwen's README: "llama-server -hf Qwen/Qwen3-8B-GGUF:Q8_0"; Q4_K_M is the tag in common use.
		source: "https://github.com/QwenLM/Qwen3#llamacpp"},
}

// awqRepos maps a catalog model id to an AWQ checkpoint vLLM serves.
var awqRepos = map[string]quantRepo{
	"Qwen/Qwen2.5-7B-Instruct": {repo: "Qwen/Qwen2.5-7B-Instruct-AWQ", quants: []string{"AWQ"},
		source: "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct-AWQ"},
	"LGAI-EXAONE/EXAONE-3.5-32B-Instruct": {repo: "LGAI-EXAONE/EXAONE-3.5-32B-Instruct-AWQ", quants: []string{"AWQ"},
		// The catalog entry's architecture comes from this repository's config.json.
		source: "https://huggingface.co/LGAI-EXAONE/EXAONE-3.5-32B-Instruct-AWQ"},
}

// knownRepo is the repository of a model holding quantization q.
func knownRepo(table map[string]quantRepo, id, q string) (quantRepo, bool) {
	r, ok := table[id]
	if !ok {
		return r, false
	}
	for _, have := range r.quants {
		if have == q {
			return r, true
		}
	}
	return r, false
}
