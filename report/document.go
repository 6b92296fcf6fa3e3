// Package report builds fitcheck's answer — hardware, settings, and every
// model's estimates — as one document. The CLI prints it as JSON (the
// versioned contract for scripts) or as tables; the TUI renders the same
// values. It does no I/O.
package report

import (
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// SchemaVersion of the JSON document. Minor versions only add fields;
// a major version changes or removes one. Consumers should ignore unknown
// keys and reject an unknown major.
const SchemaVersion = "1.6"

// Document is the whole answer. Unknown values are null, never absent.
type Document struct {
	SchemaVersion   string   `json:"schema_version"`
	FitcheckVersion string   `json:"fitcheck_version"`
	Hardware        Hardware `json:"hardware"`
	Settings        Settings `json:"settings"`
	Models          []Model  `json:"models"`
	// Requirements are the --require checks and whether each was met.
	Requirements []Requirement `json:"requirements"`
	Warnings     []string      `json:"warnings"`
	// OneMoreGPU compares the best model that fits now with the best with
	// one more of the first GPU (--one-more-gpu); null unless asked (1.1).
	OneMoreGPU *Upgrade `json:"one_more_gpu"`
}

// Requirement is one --require MODEL[@QUANT][:VERDICT] check.
type Requirement struct {
	Spec     string  `json:"spec"`      // as given
	ModelID  string  `json:"model_id"`  // resolved catalog id
	Quant    *string `json:"quant"`     // null = any quantization
	Want     string  `json:"want"`      // least verdict accepted: gpu | partial | cpu
	Verdict  string  `json:"verdict"`   // best verdict found for the model (at the quant, if given)
	BestWith *string `json:"best_with"` // the quantization that gave Verdict
	Met      bool    `json:"met"`
	// PolicyReasons say why the model fails --policy (since 1.1); a model
	// that fails the policy does not meet the requirement.
	PolicyReasons []string `json:"policy_reasons"`
}

// Hardware is the probed or what-if machine.
type Hardware struct {
	Source string         `json:"source"` // probe | override | mixed
	CPU    hwprobe.CPU    `json:"cpu"`
	Memory hwprobe.Memory `json:"memory"`
	GPUs   []hwprobe.GPU  `json:"gpus"`
	// Interconnect: how the GPUs reach each other for tensor parallelism
	// (nvlink, pcie, host), probed through NVML or given; null when unknown.
	Interconnect *string `json:"interconnect"`
	// OS: the host operating system (linux, windows, wsl, macos), probed or
	// given with --os; null when unknown (a what-if machine). Since 1.1.
	OS *string `json:"os"`
}

// Settings are the run settings every estimate used.
type Settings struct {
	Context              int     `json:"context"`
	PromptTokens         int     `json:"prompt_tokens"`
	CachedTokens         int     `json:"cached_tokens"` // in the cache before the prompt (1.5)
	KVCacheType          string  `json:"kv_cache_type"`
	Engine               string  `json:"engine"`
	Parallel             int     `json:"parallel"`
	FlashAttention       bool    `json:"flash_attention"`
	CPUMoE               bool    `json:"cpu_moe"`
	AssumeIdle           bool    `json:"assume_idle"` // budgets use total, not free, memory
	TextOnly             bool    `json:"text_only"`   // llama.cpp without a vision model's projector (1.2)
	GPUMemoryUtilization float64 `json:"gpu_memory_utilization"`
	MinDecodeTPS         float64 `json:"min_decode_tps"` // usable speed for the "best that fits" order (1.1)
}

// Model is one catalog entry with its estimates on the hardware.
type Model struct {
	ModelInfo
	ContextUsed int        `json:"context_used"` // the context estimated: settings.context, or the model's maximum when smaller
	BestQuant   *string    `json:"best_quant"`   // null when nothing fits
	BestVerdict string     `json:"best_verdict"`
	Installed   bool       `json:"installed"` // a copy is on this machine (Ollama, LM Studio, HF cache, llama.cpp cache); see `fitcheck installed`
	Estimates   []Estimate `json:"estimates"`
	Quality     Quality    `json:"quality"` // published benchmark scores and the quality index (1.1)

	minTPS float64 // the usable-speed threshold Build ranked with (RankPick)
}

// ModelInfo is what the catalog says of a model: identity, licence,
// origin, size and architecture, with sources. `fitcheck models --json`
// lists these alone.
type ModelInfo struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	Family               string       `json:"family"`
	Organisation         string       `json:"organisation"`
	OriginCountry        string       `json:"origin_country"`
	Licence              string       `json:"licence"`
	LicenceName          string       `json:"licence_name"`
	LicenceURL           string       `json:"licence_url"`
	CommercialUse        string       `json:"commercial_use"` // yes | conditional | no
	CommercialConditions *string      `json:"commercial_conditions"`
	Openness             string       `json:"openness"` // open-source | open-weights | research-only
	OpenTrainingData     bool         `json:"open_training_data"`
	Released             *string      `json:"released"` // YYYY-MM; null when not confirmed
	Modality             string       `json:"modality"`
	Tags                 []string     `json:"tags"`
	ParamsTotal          int64        `json:"params_total"`
	ParamsActive         int64        `json:"params_active"` // = params_total for dense models
	MoE                  bool         `json:"moe"`
	ContextMax           int          `json:"context_max"`
	Layers               int          `json:"layers"`
	Arch                 catalog.Arch `json:"arch"` // the catalog architecture
	Sources              Sources      `json:"sources"`
	Unknown              []string     `json:"unknown"`
	Guardrails           Guardrails   `json:"guardrails"` // since 1.1
	Policy               *PolicyCheck `json:"policy"`     // since 1.1; null without --policy
	// Unverified names the fields read automatically from the Hugging Face
	// Hub for a model outside the curated catalog (schema 1.1).
	Unverified []string `json:"unverified"`
}

// Sources are where the model's facts came from.
type Sources struct {
	Config  string   `json:"config"`
	Licence string   `json:"licence"`
	Card    string   `json:"card"`
	Other   []string `json:"other"`
}

// Estimate is one model at one quantization on this hardware.
type Estimate struct {
	Quant          string   `json:"quant"`
	BitsPerWeight  float64  `json:"bits_per_weight"`
	FileBytes      int64    `json:"file_bytes"` // tensor bytes of the GGUF/safetensors files: the download size less a few MB of header
	WeightsBytes   int64    `json:"weights_bytes"`
	KVCacheBytes   int64    `json:"kv_cache_bytes"`
	ComputeBytes   int64    `json:"compute_bytes"`
	OverheadBytes  int64    `json:"overhead_bytes"`
	TotalBytes     int64    `json:"total_bytes"`
	GPUBytes       int64    `json:"gpu_bytes"`
	RAMBytes       int64    `json:"ram_bytes"`
	DeviceBytes    []int64  `json:"device_bytes"` // per GPU, in hardware.gpus order
	GPULayers      int      `json:"gpu_layers"`
	TotalLayers    int      `json:"total_layers"`
	CPUMoELayers   int      `json:"cpu_moe_layers"` // llama.cpp --n-cpu-moe: layers whose routed experts stay in system RAM (1.1)
	Verdict        string   `json:"verdict"`        // gpu | partial | cpu | no
	MaxContext     int      `json:"max_context"`
	DecodeTPS      *float64 `json:"decode_tps"` // null when the model does not fit
	DecodeTPSLow   *float64 `json:"decode_tps_low"`
	DecodeTPSHigh  *float64 `json:"decode_tps_high"`
	PrefillTPS     *float64 `json:"prefill_tps"`
	PrefillTPSLow  *float64 `json:"prefill_tps_low"`  // where 90 % of published prefill runs on this class of device fell (1.6); null where none exist
	PrefillTPSHigh *float64 `json:"prefill_tps_high"` // (1.6)
	TTFTSeconds    *float64 `json:"ttft_seconds"`
	Basis          string   `json:"basis"`
	MaxConcurrency *float64 `json:"max_concurrency"` // vLLM: sequences of `context` tokens the KV pool holds
	Command        *string  `json:"command"`         // an engine command line matching this estimate
}
