// Package operations describes what fitcheck offers to agents and services
// — hardware, fit, recommend, models — as named, typed, bounded parameters,
// and turns a set of parameter values into the fitcheck command line that
// answers it. The MCP server and the HTTP API both serve these operations, so
// each has the CLI's names, limits, errors and JSON document. It does no I/O.
package operations

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Kind is the JSON type of a parameter.
type Kind int

const (
	String  Kind = iota
	Strings      // a list of strings (a repeatable flag)
	Int
	Number
	Bool
)

// Param is one parameter: the CLI flag it stands for and its limits.
type Param struct {
	Name     string // snake_case; the flag is the same name with '-' for '_'
	Kind     Kind
	Help     string
	Min, Max *float64 // inclusive bounds for Int and Number
	MinExcl  bool     // Min itself is not allowed
	Enum     []string
	Required bool
	// Positional: the value is the command's argument, not a flag.
	Positional bool
	// Local: shapes the answer (limit, min_tps) rather than being passed on.
	Local bool
	// Default of a Local parameter.
	Default float64
}

// Flag is the CLI flag of p.
func (p Param) Flag() string { return "--" + strings.ReplaceAll(p.Name, "_", "-") }

// Operation is one thing fitcheck answers.
type Operation struct {
	Name        string
	Title       string
	Description string
	Command     []string // the subcommand words, before the flags
	Params      []Param
	// Shape post-processes the JSON document (ranking, limits); nil keeps it.
	Shape func(doc []byte, v Values) ([]byte, error)
	// Page: the answer is a page for people (the report), not a JSON
	// document: the HTTP API serves it, MCP does not offer it as a tool.
	Page bool
}

// Values are parameter values by name, as decoded from JSON: string, float64,
// bool, or []any of strings.
type Values map[string]any

func bound(v float64) *float64 { return &v }

func hardwareParams() []Param {
	return []Param{
		{Name: "gpu", Kind: Strings, Help: `what-if GPUs, as --gpu: a database name with an optional count ("2x L40S", "h100-sxm") or a custom device "mem=24GiB,bw=1008,tflops=165,backend=cuda"`},
		{Name: "ram", Kind: String, Help: "what-if system RAM, e.g. 64GiB"},
		{Name: "ram_bw", Kind: Number, Min: bound(0), MinExcl: true, Max: bound(100000), Help: "what-if system memory bandwidth, GB/s"},
		{Name: "cores", Kind: Int, Min: bound(1), Max: bound(4096), Help: "what-if physical CPU cores"},
		{Name: "no_gpu", Kind: Bool, Help: "ignore every GPU (CPU-only what-if)"},
		{Name: "assume_idle", Kind: Bool, Help: "budget total instead of free memory"},
	}
}

// planRunParams is runParams without parallel: a plan runs --users
// sequences, and the CLI refuses --parallel there.
func planRunParams() []Param {
	return slices.DeleteFunc(runParams(), func(p Param) bool { return p.Name == "parallel" })
}

func runParams() []Param {
	return []Param{
		{Name: "context", Kind: Int, Min: bound(256), Max: bound(1 << 24), Help: "context tokens per sequence (default 8192)"},
		{Name: "prompt_tokens", Kind: Int, Min: bound(1), Max: bound(1 << 24), Help: "prompt length for time to first token (default 512, at most the context)"},
		{Name: "kv_type", Kind: String, Enum: []string{"f16", "q8_0", "q4_0"}, Help: "KV cache type"},
		{Name: "engine", Kind: String, Enum: []string{"llama.cpp", "vllm"}, Help: "inference engine"},
		{Name: "parallel", Kind: Int, Min: bound(1), Max: bound(1024), Help: "parallel sequences, each with the full context"},
		{Name: "cpu_moe", Kind: Bool, Help: "keep MoE expert weights in system RAM (llama.cpp)"},
		{Name: "no_flash_attn", Kind: Bool, Help: "estimate without flash attention"},
		{Name: "gpu_util", Kind: Number, Min: bound(0), MinExcl: true, Max: bound(1), Help: "vLLM gpu_memory_utilization (default 0.9)"},
	}
}

func selectionParams() []Param {
	return []Param{
		{Name: "origin", Kind: Strings, Help: "ISO 3166-1 alpha-2 countries of origin, e.g. FR"},
		{Name: "licence", Kind: Strings, Help: "licence ids, e.g. apache-2.0"},
		{Name: "commercial", Kind: Bool, Help: "only models whose licence allows commercial use (with or without conditions)"},
		{Name: "family", Kind: Strings, Help: "model families"},
		{Name: "org", Kind: Strings, Help: "organisations"},
		{Name: "search", Kind: String, Help: "text in id, name, family or organisation"},
		{Name: "min_params", Kind: String, Help: "smallest parameter count, e.g. 7B"},
		{Name: "max_params", Kind: String, Help: "largest parameter count, e.g. 70B"},
		{Name: "modality", Kind: String, Enum: []string{"text", "vision"}, Help: "text, or vision (image and text in)"},
	}
}

func planParams() []Param {
	return []Param{
		{Name: "users", Kind: Int, Min: bound(1), Max: bound(4096), Help: "concurrent users (streams), each with the full context (default 1)"},
		{Name: "tps", Kind: Number, Min: bound(0), Max: bound(1e6), Help: "decode tokens/s each user must see (0: no target)"},
		{Name: "ttft", Kind: Number, Min: bound(0), Max: bound(86400), Help: "seconds to the first token of a prompt_tokens prompt (0: no target)"},
		{Name: "output_tokens", Kind: Int, Min: bound(1), Max: bound(1 << 24), Help: "output tokens per request (the input:output mix of costs)"},
		{Name: "amortize_years", Kind: Number, Min: bound(0), MinExcl: true, Max: bound(50), Help: "years to spread the hardware price over (default 3)"},
		{Name: "utilization", Kind: Number, Min: bound(0), MinExcl: true, Max: bound(1), Help: "share of the time the hardware serves (default 0.5)"},
		{Name: "electricity_price", Kind: Number, Min: bound(0), Max: bound(10), Help: "USD per kWh"},
	}
}

// All lists the operations, a fresh copy each call.
func All() []Operation {
	return []Operation{
		{
			Name: "hardware", Title: "Hardware",
			Description: "The probed machine (CPU, RAM with container limits, every GPU), or a what-if machine: the `hardware` part of fitcheck's JSON document.",
			Command:     []string{"hw"},
			Params:      hardwareParams(),
		},
		{
			Name: "fit", Title: "Fit one model",
			Description: "Every quantization of one model on this or a what-if machine: verdict (gpu, partial, cpu, no), memory, decode tokens/s, time to first token, licence and origin. The answer is fitcheck's JSON document with one model.",
			Command:     []string{"fit"},
			Params: slices.Concat([]Param{
				{Name: "model", Kind: String, Required: true, Positional: true, Help: "catalog id or a unique part of an id or name, e.g. Qwen3-32B"},
				{Name: "quant", Kind: Strings, Help: "only these quantizations, e.g. Q4_K_M"},
			}, hardwareParams(), runParams()),
		},
		{
			Name: "recommend", Title: "Recommend models",
			Description: "The models that run best on this or a what-if machine, with filters (origin, licence, commercial use, size, modality) and a minimum decode speed; best first. The answer is fitcheck's JSON document holding those models.",
			Command:     []string{"--fits"},
			Params: slices.Concat(hardwareParams(), runParams(), selectionParams(), []Param{
				{Name: "min_tps", Kind: Number, Min: bound(0), Max: bound(1e6), Local: true, Default: 10, Help: "least decode tokens/s of the best quantization (default 10, as --min-tps)"},
				{Name: "limit", Kind: Int, Min: bound(1), Max: bound(100), Local: true, Default: 10, Help: "how many models (default 10)"},
			}),
			Shape: recommend,
		},
		{
			Name: "tune", Title: "Fine-tuning fit",
			Description: "Can one model be fine-tuned on this or a what-if machine's GPUs — full, LoRA, QLoRA: peak memory per GPU with its breakdown, verdict, longest sequence and largest batch that fit, tokens/s and hours, and the recommended method.",
			Command:     []string{"tune"},
			Params: slices.Concat([]Param{
				{Name: "model", Kind: String, Required: true, Positional: true, Help: "catalog id or a unique part of an id or name"},
				{Name: "method", Kind: Strings, Enum: []string{"full", "lora", "qlora"}, Help: "methods to evaluate (default: all three)"},
				{Name: "seq_len", Kind: Int, Min: bound(1), Max: bound(1 << 22), Help: "tokens per training sequence (default 2048)"},
				{Name: "batch", Kind: Int, Min: bound(1), Max: bound(4096), Help: "micro batch per GPU (default 1)"},
				{Name: "grad_accum", Kind: Int, Min: bound(1), Max: bound(1 << 16), Help: "gradient accumulation steps"},
				{Name: "checkpointing", Kind: String, Enum: []string{"none", "full", "unsloth"}, Help: "activation checkpointing (default full)"},
				{Name: "optimizer", Kind: String, Enum: []string{"adamw", "adamw-8bit", "paged-adamw-8bit", "sgd"}, Help: "optimizer (default adamw)"},
				{Name: "lora_rank", Kind: Int, Min: bound(1), Max: bound(4096), Help: "LoRA rank (default 16)"},
				{Name: "lora_targets", Kind: String, Enum: []string{"attn", "all-linear"}, Help: "adapted layers (default all-linear)"},
				{Name: "precision", Kind: String, Enum: []string{"bf16", "fp16", "fp32"}, Help: "training precision (default bf16)"},
				{Name: "sharding", Kind: String, Enum: []string{"none", "fsdp", "zero2", "zero3"}, Help: "sharding across the GPUs (default none)"},
				{Name: "dataset_tokens", Kind: String, Help: "tokens in the data set, e.g. 50M (for the time estimate)"},
				{Name: "epochs", Kind: Number, Min: bound(0), Max: bound(1000), Help: "passes over the data set (default 1)"},
			}, hardwareParams()),
		},
		{
			Name: "plan", Title: "Plan hardware for a workload",
			Description: "Which hardware configurations serve one model to N users at a decode speed and time to first token, ranked by price, each with the --gpu/--ram arguments that reproduce it, per-user and total tokens/s, local cost per million tokens, hosted API prices and break-even. MODEL may carry @QUANT.",
			Command:     []string{"plan"},
			Params: slices.Concat([]Param{
				{Name: "model", Kind: String, Required: true, Positional: true, Help: "catalog id or a unique part of an id or name, optionally @QUANT"},
			}, planParams(), []Param{
				{Name: "budget", Kind: Number, Min: bound(0), Max: bound(1e9), Help: "USD for the accelerators or systems (0: no limit)"},
				{Name: "vendor", Kind: String, Enum: []string{"NVIDIA", "AMD", "Intel", "Apple"}, Help: "only this vendor"},
				{Name: "max_gpus", Kind: Int, Min: bound(0), Max: bound(64), Help: "at most this many accelerators in all"},
				{Name: "max_nodes", Kind: Int, Min: bound(1), Max: bound(8), Help: "at most this many machines"},
			}, planRunParams()),
		},
		{
			Name: "machine_plan", Title: "What this machine serves",
			Description: "The largest and the fastest models this (or a what-if) machine serves to N users at the given speed, and what one more GPU changes.",
			Command:     []string{"plan", "--machine"},
			Params:      slices.Concat(planParams(), hardwareParams(), planRunParams()),
		},
		{
			Name: "report", Title: "Shareable report",
			Description: "A self-contained HTML (or Markdown) report comparing a shortlist of models on 1-4 hardware options.",
			Command:     []string{"report"},
			Page:        true,
			Params: slices.Concat([]Param{
				{Name: "option", Kind: Strings, Help: `hardware options, 1-4: "GPU[,RAM]" such as "2x L40S,256GiB"`},
				{Name: "model", Kind: Strings, Help: "models of the shortlist (or the filters)"},
				{Name: "format", Kind: String, Enum: []string{"html", "md"}, Help: "html (default) or md"},
				{Name: "title", Kind: String, Help: "report title"},
			}, selectionParams(), runParams()),
		},
		{
			Name: "models", Title: "Search the catalog",
			Description: "Catalog facts (licence, origin, size, architecture, sources) of the models matching the filters, without estimates.",
			Command:     []string{"models"},
			Params: slices.Concat(selectionParams(), []Param{
				{Name: "limit", Kind: Int, Min: bound(1), Max: bound(1000), Local: true, Default: 50, Help: "how many models (default 50)"},
			}),
			Shape: limitModels,
		},
	}
}

// Find returns the operation called name.
func Find(name string) (Operation, bool) {
	for _, op := range All() {
		if op.Name == name {
			return op, true
		}
	}
	return Operation{}, false
}

func (op Operation) param(name string) (Param, bool) {
	for _, p := range op.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Args checks v against the parameters and returns the fitcheck command line
// (always with --json) that answers it.
func (op Operation) Args(v Values) ([]string, error) {
	for _, name := range slices.Sorted(maps.Keys(v)) {
		if _, ok := op.param(name); !ok {
			return nil, fmt.Errorf("%s: unknown parameter %q (known: %s)", op.Name, name, op.paramNames())
		}
	}
	args := slices.Clone(op.Command)
	var positional []string
	for _, p := range op.Params {
		raw, ok := v[p.Name]
		if !ok || raw == nil {
			if p.Required {
				return nil, fmt.Errorf("%s: %q is required", op.Name, p.Name)
			}
			continue
		}
		vals, err := p.check(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.Name, err)
		}
		switch {
		case p.Local:
		case p.Positional:
			positional = append(positional, vals...)
		case p.Kind == Bool:
			if vals[0] == "true" {
				args = append(args, p.Flag())
			}
		default:
			for _, s := range vals {
				args = append(args, p.Flag()+"="+s)
			}
		}
	}
	args = append(args, "--json")
	if len(positional) > 0 {
		args = append(args, "--")
		args = append(args, positional...)
	}
	return args, nil
}

func (op Operation) paramNames() string {
	names := make([]string, len(op.Params))
	for i, p := range op.Params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// maxString bounds every string value: ids, specs and searches are short.
const maxString = 512

// maxList bounds repeatable parameters.
const maxList = 16

// check validates one value and renders it as flag values.
func (p Param) check(raw any) ([]string, error) {
	switch p.Kind {
	case String:
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("%q must be a string", p.Name)
		}
		if err := p.checkString(s); err != nil {
			return nil, err
		}
		return []string{s}, nil
	case Strings:
		list, ok := raw.([]any)
		if !ok {
			if s, isStr := raw.(string); isStr { // one value given alone
				list = []any{s}
			} else {
				return nil, fmt.Errorf("%q must be a list of strings", p.Name)
			}
		}
		if len(list) > maxList {
			return nil, fmt.Errorf("%q: at most %d values", p.Name, maxList)
		}
		out := make([]string, 0, len(list))
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%q must be a list of strings", p.Name)
			}
			if err := p.checkString(s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	case Bool:
		b, ok := raw.(bool)
		if !ok {
			return nil, fmt.Errorf("%q must be true or false", p.Name)
		}
		return []string{fmt.Sprint(b)}, nil
	default: // Int, Number
		f, ok := raw.(float64)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q must be a number", p.Name)
		}
		if p.Kind == Int && f != math.Trunc(f) {
			return nil, fmt.Errorf("%q must be a whole number", p.Name)
		}
		if (p.Min != nil && (f < *p.Min || (p.MinExcl && f == *p.Min))) || (p.Max != nil && f > *p.Max) {
			return nil, fmt.Errorf("%q %g: %s", p.Name, f, p.rangeText())
		}
		return []string{formatNumber(f)}, nil
	}
}

func (p Param) checkString(s string) error {
	if len(s) > maxString {
		return fmt.Errorf("%q: longer than %d bytes", p.Name, maxString)
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
		return fmt.Errorf("%q %q: must be one of %s", p.Name, s, strings.Join(p.Enum, ", "))
	}
	if p.Positional && strings.HasPrefix(s, "-") {
		return fmt.Errorf("%q %q: must not start with '-'", p.Name, s)
	}
	return nil
}

func (p Param) rangeText() string {
	lo := ">="
	if p.MinExcl {
		lo = ">"
	}
	switch {
	case p.Min != nil && p.Max != nil:
		return fmt.Sprintf("must be %s %s and <= %s", lo, formatNumber(*p.Min), formatNumber(*p.Max))
	case p.Min != nil:
		return fmt.Sprintf("must be %s %s", lo, formatNumber(*p.Min))
	default:
		return fmt.Sprintf("must be <= %s", formatNumber(*p.Max))
	}
}

func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%g", f)
}

// number returns a Local numeric parameter's value or its default.
func (v Values) number(op Operation, name string) float64 {
	if f, ok := v[name].(float64); ok {
		return f
	}
	p, _ := op.param(name)
	return p.Default
}
