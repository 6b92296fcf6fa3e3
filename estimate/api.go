// Package estimate is fitcheck's pure memory and speed math: given a model's
// architecture, a quantization, run settings and a hardware description it
// says where the model's layers go, how much memory each part takes, whether
// it fits, and how fast it decodes and prefills. No I/O, no UI.
package estimate

// Engines.
const (
	EngineLlamaCpp = "llama.cpp" // GGUF: llama.cpp, Ollama, LM Studio
	EngineVLLM     = "vllm"      // BF16/FP8/AWQ/GPTQ with a paged KV pool
)

// Verdicts, from best to worst.
const (
	VerdictGPU     = "gpu"     // every layer on the GPU(s)
	VerdictPartial = "partial" // some layers on the GPU, the rest in system RAM
	VerdictCPU     = "cpu"     // system RAM only
	VerdictNo      = "no"      // does not fit
)

// Device is one accelerator as the estimator sees it.
type Device struct {
	Name          string
	Backend       string  // cuda | rocm | metal | vulkan | sycl
	MemoryBytes   int64   // budget: free memory, or total with "assume idle"
	TotalBytes    int64   // total memory (for reporting and vLLM's utilisation fraction)
	BandwidthGBps float64 // peak memory bandwidth, decimal GB/s (0 = unknown)
	FP16TFLOPs    float64 // dense FP16 tensor TFLOP/s (0 = unknown)
	Unified       bool    // shares system RAM (Apple, GB10, Strix Halo)
	// PCIeGBps is the host link's rate per direction before protocol
	// overhead (hwprobe PCIeLink.GBps: 15.75 for PCIe 4.0 x8); 0 = unknown,
	// PCIe 4.0 x16 assumed. Prefill of a partial offload copies the
	// host layers' weights over it (speed.go hostCopyGBps).
	PCIeGBps float64
	// PowerLimitW is the board power limit in force (nvidia-smi -pl, or a
	// factory card's own), PowerRefW the chip's reference board power; 0 =
	// unknown, estimated at the reference. Prefill follows their ratio
	// (power_limit.go).
	PowerLimitW, PowerRefW float64
}

// CPUCluster is one core type of a CPU: Cores cores of Model (gopsutil's
// name for an Arm core: "Cortex-A76") at GHz (0: unknown).
type CPUCluster struct {
	Model string
	Cores int
	GHz   float64
}

// Hardware is the machine the estimate is for.
type Hardware struct {
	GPUs             []Device
	RAMBytes         int64   // system RAM budget (available, or total with "assume idle"); 0 is none left
	RAMUnknown       bool    // RAM size unknown: do not check it (RAMBytes is ignored)
	RAMBandwidthGBps float64 // system memory bandwidth, decimal GB/s
	CPUCores         int     // physical cores
	CPUFeatures      []string
	CPUModel         string  // the CPU's brand string ("Apple M2 Max") or Arm core type ("Cortex-A76"): cpu_prefill.go, arm_cores.go
	CPUMaxGHz        float64 // the CPU's maximum clock, 0 unknown: scales an Arm core's prefill (speed.go)
	// CPUClusters are the core types of a big.LITTLE Arm chip, fastest
	// first or in any order (arm_cpu.go); nil: every core is CPUModel at
	// CPUMaxGHz.
	CPUClusters []CPUCluster
	// Interconnect is how tensor-parallel ranks reach each other, for
	// vLLM decode (vllm_tp.go): InterconnectNVLink, InterconnectPCIe,
	// InterconnectHost; "" guesses from the GPU names.
	Interconnect string

	// RAMBandwidthMeasured: RAMBandwidthGBps is a measured read bandwidth
	// (hwprobe's benchmark), not the DRAM peak (ram_basis.go).
	RAMBandwidthMeasured bool
	// OS is the host operating system (OSLinux, OSWindows, OSWSL, OSMacOS;
	// "" unknown): hybrid decode costs more on Windows and WSL2 (host_os.go).
	OS string
}

// Settings are the run settings, matching the CLI flags.
type Settings struct {
	Context              int     // context length in tokens (per sequence)
	PromptTokens         int     // prompt length for time to first token; decode is quoted at this depth
	CachedTokens         int     // tokens already in the cache before the prompt (a follow-up turn, llama-bench -d): the prompt attends to them; decode is quoted at CachedTokens+PromptTokens
	KVType               string  // f16 | q8_0 | q4_0 (vLLM: f16 = model dtype, q8_0 ~ fp8)
	Engine               string  // llama.cpp | vllm
	Parallel             int     // parallel sequences
	FlashAttention       bool    // llama.cpp -fa (default on)
	CPUMoE               bool    // keep MoE expert weights in system RAM (--cpu-moe)
	NCPUMoE              int     // > 0: keep the routed experts of the first N layers in RAM (llama.cpp --n-cpu-moe N, -ngl all); 0: choose
	NGL                  int     // > 0: offload exactly this many layers (llama.cpp -ngl; n_layer+1 or more = all); 0: choose
	MaxNumBatchedTokens  int     // vLLM max_num_batched_tokens (0: vLLM's default for the GPU)
	UBatch               int     // llama.cpp -ub, tokens per compute ubatch (0: llama.cpp's default, 512)
	GPUMemoryUtilization float64 // vLLM gpu_memory_utilization (default 0.9)
	Threads              int     // llama.cpp -t, CPU threads (0: llama.cpp's default, the physical cores)
	// LegacyBuild: estimate llama.cpp speed as the builds before 2025 ran
	// (the llama-bench tables the per-token latency was fitted on); the
	// default is a current build (speed.go currentLatencyFactor).
	LegacyBuild bool
	// NGLOutputLast: a llama.cpp build of before PR #18148 (December 2025),
	// where -ngl N offloads N repeating layers and the output layer only
	// with the last count; current builds put the output layer first.
	// LegacyBuild implies it.
	NGLOutputLast bool
	// NoSplitGraphs: a llama.cpp build before b7821 (PR #18934, January
	// 2026), whose CUDA backend runs a decode split between GPU and CPU
	// without CUDA graphs (cuda_graphs.go). NGLOutputLast and LegacyBuild
	// imply it.
	NoSplitGraphs bool
	// NoVoltaTuringGraphs: a llama.cpp build before b10042 (PR #25749, July
	// 2026), which runs Volta and Turing GPUs without CUDA graphs.
	// NoSplitGraphs, NGLOutputLast and LegacyBuild imply it.
	NoVoltaTuringGraphs bool
	// UnfusedHyperConnections: a llama.cpp build of DeepSeek-V4 before its
	// hyper-connection ops were fused (PR #25585), whose graph has four
	// times the nodes (graph_nodes.go). The harness sets it for builds up
	// to 9924, the last one logged unfused; the merge's build number was
	// not found.
	UnfusedHyperConnections bool
	// UnfusedGDNPrefill: a llama.cpp build before b8299 (PR #20340, March
	// 2026), which prefilled gated delta-net layers (Qwen3.5, Qwen3-Next)
	// through the unfused graph of small ops rather than the fused op
	// (deltanet_prefill.go). LegacyBuild and NGLOutputLast imply it.
	UnfusedGDNPrefill bool
	// NoIntelCoopmat: a llama.cpp build before b5589 (PR #14001, June
	// 2025), whose Vulkan backend ran no cooperative matrices on Intel
	// GPUs: Xe2 (Battlemage, Lunar Lake) multiplied on its vector engines,
	// as Xe-HPG still does (vendor.go intelNoMatrixCores). LegacyBuild
	// implies it; NGLOutputLast (before December 2025) does not.
	NoIntelCoopmat bool
	// HostSortedMoE: a llama.cpp build before PR #15525 (August 2025),
	// whose CUDA and ROCm backends sorted each prompt ubatch's tokens by
	// expert on the host, the GPU waiting (moe_host_sort.go). LegacyBuild
	// implies it; NGLOutputLast (before December 2025) does not.
	HostSortedMoE bool
	// AllLogits: the compute graph is reserved with logits for every token
	// of a ubatch, as llama-bench, llama-cli and llama-server builds before
	// llama.cpp PR #23861 (May 2026) do. Current llama-server reserves them
	// for one token per sequence, which on a 248k-token vocabulary at -ub
	// 4096 is ~3.9 GiB less (llama.cpp issue #23527). NGLOutputLast and
	// LegacyBuild imply it.
	AllLogits bool
	// OldCPURepack: a llama.cpp build before the CPU backend repacked the
	// k-quants, Q8_0 and MXFP4 (PRs #16739 to #19738, November 2025 to
	// February 2026; cpu_repack.go). LegacyBuild and NGLOutputLast imply it.
	OldCPURepack bool
	// OldCPUFlashAttn: a llama.cpp build before b8057 (PR #19422, February
	// 2026), whose CPU flash attention had no GEMM micro-kernel
	// (cpu_flash_attn.go). OneRowCPUFlashAttn, LegacyBuild and
	// NGLOutputLast imply it.
	OldCPUFlashAttn bool
	// OneRowCPUFlashAttn: a llama.cpp build up to b7821 (January 2026),
	// before PR #19012 tiled the CPU flash attention of prompts: it ran
	// them one query row at a time, an F16 cache far slower than a q8_0
	// one (cpu_flash_attn.go). LegacyBuild and NGLOutputLast imply it.
	OneRowCPUFlashAttn bool
	// NoNativeMXFP4: a llama.cpp build before b7536 (PR #17906, December
	// 2025), which multiplies MXFP4 weights through the int8 tensor-core
	// path on consumer Blackwell too (native_mxfp4.go). LegacyBuild and
	// NGLOutputLast imply it.
	NoNativeMXFP4 bool
	// TextOnly: llama.cpp runs without the model's vision projector
	// (llama-bench; llama-server -m without --mmproj, or --no-mmproj). Off,
	// a vision model's projector is counted on the first GPU, as
	// llama-server -hf, Ollama and LM Studio load it.
	TextOnly bool
	// VLLMV0: vLLM's V0 engine (before 0.11, VLLM_USE_V1=0): its profile
	// run has no sampler warm-up over max_num_seqs rows.
	VLLMV0 bool
	// VLLMFlashInferSampler: vLLM samples with FlashInfer's top-k/top-p
	// kernels (it logs "Using FlashInfer for top-p & top-k sampling"): the
	// profiling run's sampler warm-up holds no sorted copies of the logits.
	// Off: the PyTorch-native sampler, the larger reservation.
	VLLMFlashInferSampler bool
	// VLLMPiecewiseGraphs: vLLM before 0.11, whose V1 decode ran
	// piecewise CUDA graphs (attention launched eagerly between them; V0
	// likewise paid per-step overheads): every layer costs more per token.
	// 0.11 made FULL_AND_PIECEWISE the default (vllm PR #25444).
	VLLMPiecewiseGraphs bool
}

// DefaultSettings are fitcheck's defaults (context 8192, not the model's maximum).
func DefaultSettings() Settings {
	return Settings{Context: 8192, PromptTokens: 512, KVType: "f16", Engine: EngineLlamaCpp,
		Parallel: 1, FlashAttention: true, GPUMemoryUtilization: 0.9}
}

// Result is the estimate for one model at one quantization. Byte counts are
// exact integers; speeds are 0 when the verdict is "no".
type Result struct {
	Quant         string
	BitsPerWeight float64 // average over all weights of this model at this quant

	WeightsBytes  int64
	KVCacheBytes  int64
	ComputeBytes  int64 // compute (scratch) buffers + output buffer
	OverheadBytes int64 // runtime/backend overhead (CUDA context, Metal, vision projector)
	TotalBytes    int64
	GPUBytes      int64   // sum over devices
	RAMBytes      int64   // system RAM
	DeviceBytes   []int64 // per GPU, same order as Hardware.GPUs

	GPULayers   int
	TotalLayers int
	Verdict     string // gpu | partial | cpu | no (partial also when the experts of some layers stay in RAM, CPUMoELayers)
	Context     int    // context estimated: Settings.Context, or the model's maximum when that is smaller
	MaxContext  int    // largest context that keeps this verdict (0 if "no")

	DecodeTPS     float64
	DecodeTPSLow  float64
	DecodeTPSHigh float64
	PrefillTPS    float64
	// PrefillTPSLow..High: where 90 % of the published prefill
	// measurements of the devices' class fell around the estimate
	// (prefill_range.go); 0 when no such measurements exist (vLLM, an Arm
	// CPU without dot products).
	PrefillTPSLow  float64
	PrefillTPSHigh float64
	TTFTSeconds    float64
	Basis          string // how the speed was derived: bandwidth, efficiency, devices

	MaxConcurrency float64 // vLLM: sequences of Context tokens the KV pool holds (0 for llama.cpp)

	// Added by the estimator for the CLI/TUI and engine command lines.
	Engine         string // llama.cpp | vllm
	QualityRank    int    // higher is better; ranks the quants of one model (see Quant.Rank)
	FileBytes      int64  // tensor bytes of the GGUF/safetensors files (≈ download size)
	NGL            int    // llama.cpp -ngl: offloaded layers, TotalLayers (n_layer+1) = everything incl. the output layer
	CPUMoELayers   int    // llama.cpp --n-cpu-moe: the routed experts of the first N layers stay in system RAM (0 = none)
	TensorSplit    []int  // llama.cpp: repeating layers per GPU (-ts); vLLM: layers per rank
	TensorParallel int    // vLLM --tensor-parallel-size (0 for llama.cpp)
	MaxModelLen    int    // vLLM --max-model-len (the Context estimated)
	KVCacheType    string // effective cache type, e.g. "q8_0", "q8_0/f16" (V falls back to f16 without flash attention), "fp8"

	vllmPool int64    // vLLM: the KV memory per rank left after the profiling run (negative: vLLM fails to start); for the accuracy tests
	vllmStep vllmStep // vLLM: what one decode step reads and waits for per rank; for the accuracy tests
	// llama.cpp, for the accuracy tests (the buffers llama.cpp logs): the
	// compute buffer of the GPU holding the output layer ("CUDA0 compute
	// buffer size") and the weights on the GPUs ("CUDA0 model buffer size").
	gpuCompute, gpuModel int64
	prefillSpreads       spreadClass // the spread classes of the devices that prefilled (prefill_range.go)
}
