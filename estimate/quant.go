package estimate

import (
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
)

// ggmlType is a tensor storage type. Block traits are ggml's type_traits
// (block size in elements, bytes per block), as mirrored by gpustack
// gguf-parser-go ggml.go RowSizeOf and listed in docs/estimation.md §1.1.
type ggmlType uint8

const (
	tF32 ggmlType = iota
	tF16
	tBF16
	tQ8_0
	tQ4_0
	tQ4_1
	tQ5_0
	tQ5_1
	tQ2_K
	tQ3_K
	tQ4_K
	tQ5_K
	tQ6_K
	tIQ2_XXS
	tIQ2_XS
	tIQ2_S
	tIQ3_XXS
	tIQ3_S
	tIQ1_S
	tIQ1_M
	tIQ4_NL
	tIQ4_XS
	tMXFP4
	tFP8  // vLLM/HF float8 e4m3 linear weights (1 byte; per-channel scales ignored)
	tInt4 // AWQ/GPTQ int4, group 128: 4 bit + fp16 scale/128 + 4-bit zero/128 (estimation.md §1.3)
	tNF4  // bitsandbytes NF4 with double quantisation: 4.127 bpw (QLoRA, arXiv 2305.14314)
	numTypes
)

// typeTraits: block size (elements) and bytes per block.
var typeTraits = [numTypes]struct{ block, bytes int64 }{
	tF32: {1, 4}, tF16: {1, 2}, tBF16: {1, 2},
	tQ8_0: {32, 34}, tQ4_0: {32, 18}, tQ4_1: {32, 20}, tQ5_0: {32, 22}, tQ5_1: {32, 24},
	tQ2_K: {256, 84}, tQ3_K: {256, 110}, tQ4_K: {256, 144}, tQ5_K: {256, 176}, tQ6_K: {256, 210},
	tIQ2_XXS: {256, 66}, tIQ2_XS: {256, 74}, tIQ2_S: {256, 82}, tIQ3_XXS: {256, 98}, tIQ3_S: {256, 110},
	tIQ1_S: {256, 50}, tIQ1_M: {256, 56}, tIQ4_NL: {32, 18}, tIQ4_XS: {256, 136}, tMXFP4: {32, 17},
	tFP8:  {1, 1},
	tInt4: {256, 133},  // per 256: 128 B of nibbles + 2 fp16 scales + 2 packed 4-bit zeros = 4.156 bpw
	tNF4:  {1000, 516}, // 4.128 bpw
}

// bytesOf is the storage of n elements of type t (row_size × rows, exact
// for tensors whose row length is a multiple of the block size).
func bytesOf(t ggmlType, n int64) int64 {
	tr := typeTraits[t]
	return n / tr.block * tr.bytes
}

// fallbackType mirrors llama-quant.cpp tensor_type_fallback: a tensor whose
// row length is not a multiple of the block size gets a compatible type.
func fallbackType(t ggmlType, ncols int64) ggmlType {
	if ncols <= 0 || ncols%typeTraits[t].block == 0 {
		return t
	}
	var r ggmlType
	switch t {
	case tIQ1_S, tIQ1_M, tIQ2_XXS, tIQ2_XS, tIQ2_S, tIQ3_XXS, tIQ3_S, tIQ4_XS:
		r = tIQ4_NL
	case tQ2_K, tQ3_K:
		r = tQ4_0
	case tQ4_K:
		r = tQ5_0
	case tQ5_K:
		r = tQ5_1
	case tQ6_K:
		r = tQ8_0
	default:
		return tF16
	}
	if ncols%typeTraits[r].block != 0 {
		return tF16
	}
	return r
}

// Quant formats (Quant.Format).
const (
	FormatGGUF   = "gguf"
	FormatFloat  = "float" // unquantised BF16/F16/F32 (GGUF and safetensors)
	FormatFP8    = "fp8"
	FormatINT8   = "int8" // W8A8 / INT8 weight-only
	FormatInt4   = "int4" // AWQ / GPTQ
	FormatNF4    = "nf4"
	FormatMXFP4  = "mxfp4"
	engineAny    = "any"
	rankMXFP4Top = 101 // MXFP4 on a model that ships in it is its original precision: above its upcast BF16
)

// Quant is one quantization fitcheck can estimate.
type Quant struct {
	Name   string  // canonical name, e.g. "Q4_K_M", "FP8", "AWQ"
	Engine string  // llama.cpp, vllm, or "any" (BF16/F16 exist for both)
	Format string  // gguf | float | fp8 | int8 | int4 | nf4 | mxfp4
	BPW    float64 // nominal bits per weight of the main tensors (file averages are higher, see weights.go)
	Rank   int     // quality rank, higher is better (100 = original precision)

	// llama.cpp file type: base tensor type and the mixture rule family.
	base  ggmlType
	ftype ftype
}

// ftype is llama.cpp's LLAMA_FTYPE_* (the mixture), or a vLLM format.
type ftype uint8

const (
	ftF32 ftype = iota
	ftF16
	ftBF16
	ftQ8_0
	ftQ4_0
	ftQ4_1
	ftQ5_0
	ftQ5_1
	ftQ2_K
	ftQ2_K_S
	ftQ3_K_S
	ftQ3_K_M
	ftQ3_K_L
	ftQ4_K_S
	ftQ4_K_M
	ftQ5_K_S
	ftQ5_K_M
	ftQ6_K
	ftIQ2_XXS
	ftIQ2_XS
	ftIQ2_S
	ftIQ2_M
	ftIQ3_XXS
	ftIQ3_XS
	ftIQ3_S
	ftIQ3_M
	ftIQ1_S
	ftIQ1_M
	ftIQ4_NL
	ftIQ4_XS
	ftMXFP4_MOE
	ftServeFP8  // vLLM FP8
	ftServeINT8 // vLLM W8A8
	ftServeInt4 // vLLM AWQ/GPTQ
	ftServeNF4  // vLLM bitsandbytes
	ftServeMXFP4
)

// quants is the table. Base types per file type from llama-quant.cpp
// llama_ftype_get_default_type; nominal bpw from the block traits; ranks
// order by the perplexity deltas in tools/quantize/quantize.cpp QUANT_OPTIONS.
var quantTable = []Quant{
	{Name: "F32", Engine: EngineLlamaCpp, Format: FormatFloat, BPW: 32, Rank: 100, base: tF32, ftype: ftF32},
	{Name: "BF16", Engine: engineAny, Format: FormatFloat, BPW: 16, Rank: 100, base: tBF16, ftype: ftBF16},
	{Name: "F16", Engine: engineAny, Format: FormatFloat, BPW: 16, Rank: 100, base: tF16, ftype: ftF16},
	{Name: "Q8_0", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 8.5, Rank: 95, base: tQ8_0, ftype: ftQ8_0},
	{Name: "FP8", Engine: EngineVLLM, Format: FormatFP8, BPW: 8, Rank: 94, base: tFP8, ftype: ftServeFP8},
	{Name: "INT8", Engine: EngineVLLM, Format: FormatINT8, BPW: 8, Rank: 93, base: tFP8, ftype: ftServeINT8},
	{Name: "Q6_K", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 6.5625, Rank: 90, base: tQ6_K, ftype: ftQ6_K},
	{Name: "Q5_K_M", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 5.5, Rank: 85, base: tQ5_K, ftype: ftQ5_K_M},
	{Name: "Q5_1", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 6, Rank: 84, base: tQ5_1, ftype: ftQ5_1},
	{Name: "Q5_K_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 5.5, Rank: 83, base: tQ5_K, ftype: ftQ5_K_S},
	{Name: "Q5_0", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 5.5, Rank: 82, base: tQ5_0, ftype: ftQ5_0},
	{Name: "Q4_K_M", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 4.5, Rank: 78, base: tQ4_K, ftype: ftQ4_K_M},
	{Name: "MXFP4", Engine: engineAny, Format: FormatMXFP4, BPW: 4.25, Rank: 77, base: tMXFP4, ftype: ftMXFP4_MOE},
	{Name: "Q4_K_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 4.5, Rank: 76, base: tQ4_K, ftype: ftQ4_K_S},
	{Name: "AWQ", Engine: EngineVLLM, Format: FormatInt4, BPW: 4.16, Rank: 76, base: tInt4, ftype: ftServeInt4},
	{Name: "GPTQ", Engine: EngineVLLM, Format: FormatInt4, BPW: 4.16, Rank: 75, base: tInt4, ftype: ftServeInt4},
	{Name: "IQ4_XS", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 4.25, Rank: 75, base: tIQ4_XS, ftype: ftIQ4_XS},
	{Name: "IQ4_NL", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 4.5, Rank: 74, base: tIQ4_NL, ftype: ftIQ4_NL},
	{Name: "Q4_1", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 5, Rank: 73, base: tQ4_1, ftype: ftQ4_1},
	{Name: "NF4", Engine: EngineVLLM, Format: FormatNF4, BPW: 4.127, Rank: 72, base: tNF4, ftype: ftServeNF4},
	{Name: "Q4_0", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 4.5, Rank: 71, base: tQ4_0, ftype: ftQ4_0},
	{Name: "Q3_K_L", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.4375, Rank: 66, base: tQ3_K, ftype: ftQ3_K_L},
	{Name: "Q3_K_M", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.4375, Rank: 64, base: tQ3_K, ftype: ftQ3_K_M},
	{Name: "IQ3_M", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.4375, Rank: 63, base: tIQ3_S, ftype: ftIQ3_M},
	{Name: "IQ3_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.4375, Rank: 62, base: tIQ3_S, ftype: ftIQ3_S},
	{Name: "IQ3_XS", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.3, Rank: 61, base: tIQ3_S, ftype: ftIQ3_XS},
	{Name: "Q3_K_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.4375, Rank: 60, base: tQ3_K, ftype: ftQ3_K_S},
	{Name: "IQ3_XXS", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 3.0625, Rank: 58, base: tIQ3_XXS, ftype: ftIQ3_XXS},
	{Name: "Q2_K", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 2.625, Rank: 50, base: tQ2_K, ftype: ftQ2_K},
	{Name: "IQ2_M", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 2.7, Rank: 49, base: tIQ2_S, ftype: ftIQ2_M},
	{Name: "Q2_K_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 2.625, Rank: 48, base: tQ2_K, ftype: ftQ2_K_S},
	{Name: "IQ2_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 2.5, Rank: 47, base: tIQ2_XS, ftype: ftIQ2_S},
	{Name: "IQ2_XS", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 2.3125, Rank: 45, base: tIQ2_XS, ftype: ftIQ2_XS},
	{Name: "IQ2_XXS", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 2.0625, Rank: 42, base: tIQ2_XXS, ftype: ftIQ2_XXS},
	{Name: "IQ1_M", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 1.75, Rank: 35, base: tIQ1_M, ftype: ftIQ1_M},
	{Name: "IQ1_S", Engine: EngineLlamaCpp, Format: FormatGGUF, BPW: 1.5625, Rank: 30, base: tIQ1_S, ftype: ftIQ1_S},
}

// quantAliases map other spellings to a canonical name.
var quantAliases = map[string]string{
	"FP16": "F16", "FLOAT16": "F16", "BFLOAT16": "BF16", "FP32": "F32",
	"Q4_K": "Q4_K_M", "Q5_K": "Q5_K_M", "Q3_K": "Q3_K_M",
	"MXFP4_MOE": "MXFP4", "INT4": "AWQ", "W4A16": "AWQ", "W8A8": "INT8", "FP8_DYNAMIC": "FP8",
	"BNB": "NF4", "BNB-4BIT": "NF4", "BITSANDBYTES": "NF4",
}

var quantIndex = func() map[string]int {
	ix := make(map[string]int, len(quantTable))
	for i, q := range quantTable {
		ix[q.Name] = i
	}
	return ix
}()

// LookupQuant finds a quantization by name, case-insensitively (aliases
// such as "Q4_K" or "FP16" included).
func LookupQuant(name string) (Quant, bool) {
	i, ok := lookupQuantIndex(name)
	if !ok {
		return Quant{}, false
	}
	return quantTable[i], true
}

func lookupQuantIndex(name string) (int, bool) {
	if i, ok := quantIndex[name]; ok { // fast path: canonical spelling
		return i, true
	}
	u := strings.ToUpper(strings.TrimSpace(name))
	if a, ok := quantAliases[u]; ok {
		u = a
	}
	i, ok := quantIndex[u]
	return i, ok
}

// Quants lists every known quantization, highest quality first.
func Quants() []Quant {
	out := make([]Quant, len(quantTable))
	copy(out, quantTable)
	return out
}

// supports reports whether engine can run quantization q.
// Supports reports whether the engine runs this quantization.
func (q Quant) Supports(engine string) bool { return q.Engine == engineAny || q.Engine == engine }

// modelShipsMXFP4 reports whether the model is published in MXFP4 (gpt-oss):
// then MXFP4 is its original precision and ranks first.
func modelShipsMXFP4(m *catalog.Model) bool {
	if m == nil {
		return false
	}
	for _, q := range m.Quants {
		if strings.EqualFold(q, "MXFP4") || strings.EqualFold(q, "MXFP4_MOE") {
			return true
		}
	}
	return false
}

// qualityRank is the rank of q for model m.
func qualityRank(q Quant, m *catalog.Model) int {
	if q.ftype == ftMXFP4_MOE && modelShipsMXFP4(m) {
		return rankMXFP4Top
	}
	return q.Rank
}

// ladderLlamaCpp is the standard GGUF ladder (the files bartowski/unsloth
// publish for nearly every model).
var ladderLlamaCpp = []string{"BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_M", "Q2_K"}

// ladderVLLM: BF16, FP8 and 4-bit AWQ are produced for nearly every model;
// INT8, GPTQ, NF4 and MXFP4 only where the model lists them.
var ladderVLLM = []string{"BF16", "FP8", "AWQ"}

// DefaultQuants is the quantizations estimated when the caller names none,
// highest quality first: for llama.cpp the GGUF ladder plus MXFP4 when the
// model ships it plus any other GGUF type the model lists; for vLLM BF16,
// FP8, AWQ plus INT8/GPTQ/NF4/MXFP4 where the model lists them.
func DefaultQuants(engine string, m *catalog.Model) []string {
	var buf [64]int
	idx := defaultQuantIndices(engine, m, buf[:0])
	if idx == nil {
		return nil
	}
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = quantTable[j].Name
	}
	return out
}

// defaultQuantIndices is DefaultQuants as indices into the quant table,
// appended to buf (nil for an unknown engine).
func defaultQuantIndices(engine string, m *catalog.Model, buf []int) []int {
	if engine == "" {
		engine = EngineLlamaCpp
	}
	var base []int
	switch engine {
	case EngineLlamaCpp:
		base = ladderLlamaCppIdx
	case EngineVLLM:
		base = ladderVLLMIdx
	default:
		return nil
	}
	ships := modelShipsMXFP4(m)
	if ships && m.Arch.MoE != nil {
		// Every published GGUF of a native-MXFP4 MoE keeps the experts in
		// MXFP4, so the generic ladder would list near-identical sizes
		// under misleading names: list MXFP4 and the files the model lists.
		base = ladderNativeMXFP4Idx
	}
	var seen [64]bool
	idx := buf
	add := func(i int) {
		if i < 0 || i >= len(seen) || seen[i] || !quantTable[i].Supports(engine) {
			return
		}
		seen[i] = true
		idx = append(idx, i)
	}
	for _, i := range base {
		add(i)
	}
	if m != nil {
		for _, n := range m.Quants {
			if i, ok := lookupQuantIndex(n); ok {
				add(i)
			}
		}
	}
	rank := func(i int) int {
		if ships && quantTable[i].ftype == ftMXFP4_MOE {
			return rankMXFP4Top
		}
		return quantTable[i].Rank
	}
	for i := 1; i < len(idx); i++ { // insertion sort, stable: a dozen entries
		for j := i; j > 0 && rank(idx[j]) > rank(idx[j-1]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

func indices(names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i], _ = lookupQuantIndex(n)
	}
	return out
}

var ladderLlamaCppIdx, ladderVLLMIdx = indices(ladderLlamaCpp), indices(ladderVLLM)

var ladderNativeMXFP4Idx = indices([]string{"MXFP4"})

// KV cache types. vLLM maps f16 to the model dtype and q8_0 to fp8.
var kvTypes = map[string]ggmlType{"f16": tF16, "bf16": tBF16, "f32": tF32, "q8_0": tQ8_0, "q4_0": tQ4_0}

// ValidKVType reports whether s is a KV cache type fitcheck understands.
func ValidKVType(s string) bool {
	_, ok := kvTypes[strings.ToLower(s)]
	return ok
}
