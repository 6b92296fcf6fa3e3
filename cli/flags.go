package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// flags are shared by every subcommand (persistent on the root), so the
// same flag means the same thing everywhere.
type flags struct {
	json  bool
	plain bool

	// What-if hardware.
	gpus       []string
	ram        string
	ramBW      float64
	cores      int
	noGPU      bool
	assumeIdle bool

	catalogFile string
	profile     string // a what-if profile saved in the TUI

	// Run settings.
	context      int
	promptTokens int
	cachedTokens int
	kvType       string
	engine       string
	parallel     int
	cpuMoE       bool
	textOnly     bool
	nCPUMoE      int
	ubatch       int
	threads      int
	os           string
	vllmVersion  string
	cpuFeatures  string
	cpuModel     string
	cpuGHz       float64
	interconnect string
	noFlashAttn  bool
	gpuUtil      float64

	// Selection.
	models     []string
	quants     []string
	fits       bool
	origins    []string
	licences   []string
	commercial bool
	families   []string
	orgs       []string
	search     string
	minParams  string
	maxParams  string
	modality   string
	installed  bool

	requires []string

	policyFile string
	offline    bool // never use the network (as HF_HUB_OFFLINE=1)
	// Ranking (cli/quality.go).
	sort       string
	minTPS     float64
	oneMoreGPU bool
}

func (f *flags) register(root *cobra.Command) {
	d := estimate.DefaultSettings()
	p := root.PersistentFlags()
	p.BoolVar(&f.json, "json", false, "print the versioned JSON document instead of a table or the TUI")
	p.BoolVar(&f.plain, "plain", false, "print a plain table even on a terminal (never start the TUI)")

	p.StringArrayVar(&f.gpus, "gpu", nil, "what-if GPU, repeatable: a database name with optional count (\"2x RTX 4090\", \"h100-sxm\") or a custom device \"mem=24GiB,bw=1008,tflops=165,backend=cuda[,unified=true][,name=NAME][,count=N]\"; \",free=SIZE\" after either gives the card's free memory (\"RTX 4060 Laptop,free=7.3GiB\"), \",pcie=GENxLANES\" its host link (\"RTX 3090,pcie=3.0x4\"), \",power=WATTS\" after a name its board power limit (\"RTX 3090,power=220W\")")
	p.StringVar(&f.ram, "ram", "", "what-if system RAM, e.g. 64GiB, 128GB, 512MiB (a bare G or a plain number means GiB)")
	p.Float64Var(&f.ramBW, "ram-bw", 0, "what-if system memory bandwidth in GB/s")
	p.IntVar(&f.cores, "cores", 0, "what-if physical CPU cores")
	p.StringVar(&f.cpuFeatures, "cpu-features", "", "what-if CPU instruction sets, e.g. avx2,avx512f,avx512_vnni or neon,dotprod,i8mm (none: no SIMD; default: this machine's)")
	p.StringVar(&f.cpuModel, "cpu-model", "", `what-if CPU name or Arm core type, e.g. "Cortex-A76", "Neoverse-V2", "Apple M4" (default: this machine's)`)
	p.Float64Var(&f.cpuGHz, "cpu-ghz", 0, "what-if CPU maximum clock in GHz; Arm prefill scales with it (default: this machine's)")
	p.StringVar(&f.interconnect, "interconnect", "", "how the GPUs reach each other for vLLM tensor parallelism: nvlink, pcie (peer-to-peer) or host (default: probed through NVML, else guessed from the GPU names)")
	p.BoolVar(&f.noGPU, "no-gpu", false, "ignore every GPU (CPU-only what-if)")
	p.BoolVar(&f.assumeIdle, "assume-idle", false, "budget total instead of free GPU memory and RAM (what fits on an idle machine)")

	p.StringVar(&f.profile, "profile", "", "start from the what-if `NAME` saved in the TUI (w, then s): its machine and run settings; other flags apply on top")
	p.StringVar(&f.catalogFile, "catalog", "", "extra catalog `FILE` merged over the built-in one by id (same JSON format)")

	p.IntVar(&f.context, "context", d.Context, "context length in tokens per sequence (not the model's maximum)")
	p.IntVar(&f.promptTokens, "prompt-tokens", d.PromptTokens, "prompt length for time to first token; decode speed is quoted at this depth")
	p.IntVar(&f.cachedTokens, "cached-tokens", 0, "tokens already in the KV cache before the prompt (a follow-up turn): the prompt attends to them, and decode is quoted after both")
	p.StringVar(&f.kvType, "kv-type", d.KVType, "KV cache type: f16, q8_0 or q4_0")
	p.StringVar(&f.engine, "engine", d.Engine, "inference engine: llama.cpp (GGUF; also Ollama, LM Studio) or vllm")
	p.IntVar(&f.parallel, "parallel", d.Parallel, "parallel sequences (each with the full context)")
	p.BoolVar(&f.cpuMoE, "cpu-moe", false, "keep MoE expert weights in system RAM (llama.cpp --cpu-moe)")
	p.BoolVar(&f.textOnly, "text-only", false, "llama.cpp without a vision model's projector (--no-mmproj; as llama-bench and llama-server -m run it); default: the projector is counted, as llama-server -hf, Ollama and LM Studio load it")
	p.StringVar(&f.vllmVersion, "vllm-version", "", "the vLLM release to size for, e.g. 0.10: before 0.8 the V0 engine (no sampler warm-up), before 0.11 piecewise CUDA graphs (slower decode per layer); default: current")
	p.IntVar(&f.ubatch, "ubatch", 0, "llama.cpp -ub: prompt tokens per compute batch; larger ones copy RAM-resident weights to the GPU fewer times in prefill but need a larger compute buffer (default 512)")
	p.StringVar(&f.os, "os", "", "host operating system: linux, windows, wsl or macos (default: this machine's; unknown for a --gpu what-if). Partial offload with experts in RAM decodes slower on windows and wsl")
	p.IntVar(&f.threads, "threads", 0, "llama.cpp -t: CPU threads; each GPU↔CPU hand-over of a partial offload costs more with more threads (default: the physical cores)")
	p.IntVar(&f.nCPUMoE, "n-cpu-moe", 0, "keep the MoE experts of the first N layers in system RAM (llama.cpp --n-cpu-moe; default: chosen like llama.cpp --fit)")
	p.BoolVar(&f.noFlashAttn, "no-flash-attn", false, "estimate without flash attention (larger compute buffers)")
	p.Float64Var(&f.gpuUtil, "gpu-util", d.GPUMemoryUtilization, "vLLM gpu_memory_utilization (0-1]")

	p.StringArrayVar(&f.models, "model", nil, "only this model, repeatable: exact id, or a unique case-insensitive match of id or name")
	p.StringArrayVar(&f.quants, "quant", nil, "only this quantization, repeatable (e.g. Q4_K_M, Q8_0, MXFP4, FP8, AWQ)")
	p.BoolVar(&f.fits, "fits", false, "only estimates that fit (verdict gpu, partial or cpu)")
	p.StringSliceVar(&f.origins, "origin", nil, "only models from these countries (ISO codes, e.g. US,FR)")
	p.StringSliceVar(&f.licences, "licence", nil, "only models under these licences (ids, e.g. apache-2.0,mit)")
	p.BoolVar(&f.commercial, "commercial", false, "only models whose licence allows commercial use (possibly with conditions)")
	p.StringSliceVar(&f.families, "family", nil, "only these model families (substring, e.g. qwen3)")
	p.StringSliceVar(&f.orgs, "org", nil, "only these organisations (substring, e.g. mistral)")
	p.StringVar(&f.search, "search", "", "only models whose id, name, family or organisation contains TEXT")
	p.StringVar(&f.minParams, "min-params", "", "only models with at least this many parameters (e.g. 7B, 500M)")
	p.StringVar(&f.maxParams, "max-params", "", "only models with at most this many parameters (e.g. 70B)")
	p.StringVar(&f.modality, "modality", "", "only text or vision models")
	p.BoolVar(&f.installed, "installed", false, "only models with a copy on this machine (Ollama, LM Studio, Hugging Face or llama.cpp cache; see fitcheck installed)")

	p.StringVar(&f.sort, "sort", report.SortBest, "table order: best (usable speed, then quality index, then speed); coding, reasoning or chat (the same by that facet); quality, speed, size, date or name")
	p.Float64Var(&f.minTPS, "min-tps", report.DefaultMinTPS, "decode tokens/s a model needs to count as usable in the best order")
	p.BoolVar(&f.oneMoreGPU, "one-more-gpu", false, "also show the best model with one more of the first GPU (what-if upgrade)")

	p.StringArrayVar(&f.requires, "require", nil, "exit 3 unless MODEL[@QUANT][:VERDICT] holds; VERDICT is gpu, partial or cpu (default: fits at all)")

	p.StringVar(&f.policyFile, "policy", "", "selection policy `FILE` (YAML or JSON): origins, licences, commercial use, openness, guardrails, context; failing models are marked, and a failing --require exits 3")
	p.BoolVar(&f.offline, "offline", false, "never use the network: a model outside the catalog comes only from the Hub cache (as HF_HUB_OFFLINE=1)")

	p.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "license" { // American spelling
			name = "licence"
		}
		return pflag.NormalizedName(strings.ReplaceAll(name, "_", "-"))
	})
}
