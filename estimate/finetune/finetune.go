// Package finetune estimates whether a model can be fine-tuned on given
// GPUs — fully, with LoRA, or with QLoRA — how much memory each GPU needs
// (base weights, trainable parameters, gradients, optimizer states, master
// weights, activations, logits, framework overhead), the largest sequence
// length and micro batch that fit, and how long a data set takes. It is
// pure: no I/O, no package-level state. Constants are fitted to published
// measurements in estimate/testdata/finetune.csv (see Constants).
package finetune

import (
	"fmt"
	"slices"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// Methods.
const (
	Full  = "full"  // every weight trained
	LoRA  = "lora"  // frozen 16-bit base, low-rank adapters trained
	QLoRA = "qlora" // frozen 4-bit NF4 base (bitsandbytes), adapters trained
)

// Methods lists the methods, most faithful first: the recommendation is the
// first that fits.
func Methods() []string { return []string{Full, LoRA, QLoRA} }

// Checkpointing modes.
const (
	CkptNone    = "none"    // every activation kept for the backward pass
	CkptFull    = "full"    // keep each layer's input, recompute the layer in backward
	CkptUnsloth = "unsloth" // Unsloth: layer inputs offloaded to CPU RAM, fused kernels and loss
)

// Optimizers.
const (
	AdamW      = "adamw"
	AdamW8bit  = "adamw-8bit"
	PagedAdamW = "paged-adamw-8bit" // bitsandbytes paged: states in CUDA managed memory, evicted to RAM under pressure
	SGD        = "sgd"
)

// Sharding across GPUs.
const (
	ShardNone  = "none"  // data parallel: every GPU holds everything
	ShardZeRO2 = "zero2" // optimizer states and gradients divided
	ShardZeRO3 = "zero3" // also the weights (one layer gathered at a time)
	ShardFSDP  = "fsdp"  // PyTorch FSDP full shard: as ZeRO-3
)

// Settings describe one training run.
type Settings struct {
	Methods       []string // empty: every method
	SeqLen        int      // tokens per sequence
	Batch         int      // micro batch per GPU
	GradAccum     int      // gradient accumulation steps
	Checkpointing string
	Optimizer     string
	LoRARank      int
	LoRATargets   string // "attn" (q, k, v, o) or "all-linear" (also the MLP / experts' projections)
	Precision     string // bf16: pure bf16 (torchtune, litgpt, Unsloth); fp16: mixed with fp32 master weights; fp32
	Sharding      string
	DatasetTokens int64 // tokens in the data set (0: no time estimate)
	Epochs        float64
}

// DefaultSettings are a common single-GPU recipe: sequences of 2048 tokens,
// micro batch 1, gradient checkpointing, AdamW, rank-16 adapters on every
// linear layer, bf16.
func DefaultSettings() Settings {
	return Settings{SeqLen: 2048, Batch: 1, GradAccum: 1, Checkpointing: CkptFull, Optimizer: AdamW,
		LoRARank: 16, LoRATargets: "all-linear", Precision: "bf16", Sharding: ShardNone, Epochs: 1}
}

// Check validates the settings against the model.
func (s Settings) Check(m *catalog.Model) error {
	for _, meth := range s.Methods {
		if !slices.Contains(Methods(), meth) {
			return fmt.Errorf("method %q: must be full, lora or qlora", meth)
		}
	}
	switch {
	case s.SeqLen < 1 || s.SeqLen > 1<<22:
		return fmt.Errorf("sequence length %d: must be between 1 and %d", s.SeqLen, 1<<22)
	case m != nil && m.Arch.ContextLength > 0 && s.SeqLen > m.Arch.ContextLength:
		return fmt.Errorf("sequence length %d is above %s's context of %d tokens", s.SeqLen, m.Name, m.Arch.ContextLength)
	case s.Batch < 1 || s.Batch > 4096:
		return fmt.Errorf("micro batch %d: must be between 1 and 4096", s.Batch)
	case s.GradAccum < 1 || s.GradAccum > 1<<16:
		return fmt.Errorf("gradient accumulation %d: must be between 1 and 65536", s.GradAccum)
	case !slices.Contains([]string{CkptNone, CkptFull, CkptUnsloth}, s.Checkpointing):
		return fmt.Errorf("checkpointing %q: must be none, full or unsloth", s.Checkpointing)
	case !slices.Contains([]string{AdamW, AdamW8bit, PagedAdamW, SGD}, s.Optimizer):
		return fmt.Errorf("optimizer %q: must be adamw, adamw-8bit, paged-adamw-8bit or sgd", s.Optimizer)
	case s.LoRARank < 1 || s.LoRARank > 4096:
		return fmt.Errorf("LoRA rank %d: must be between 1 and 4096", s.LoRARank)
	case s.LoRATargets != "attn" && s.LoRATargets != "all-linear":
		return fmt.Errorf("LoRA targets %q: must be attn or all-linear", s.LoRATargets)
	case !slices.Contains([]string{"bf16", "fp16", "fp32"}, s.Precision):
		return fmt.Errorf("precision %q: must be bf16, fp16 or fp32", s.Precision)
	case !slices.Contains([]string{ShardNone, ShardZeRO2, ShardZeRO3, ShardFSDP}, s.Sharding):
		return fmt.Errorf("sharding %q: must be none, fsdp, zero2 or zero3", s.Sharding)
	case s.DatasetTokens < 0:
		return fmt.Errorf("data set tokens %d: must not be negative", s.DatasetTokens)
	case !(s.Epochs >= 0 && s.Epochs <= 1000): // also NaN, which JSON cannot carry
		return fmt.Errorf("epochs %g: must be between 0 and 1000", s.Epochs)
	}
	if s.Precision == "fp32" && slices.Contains(s.Methods, QLoRA) {
		return fmt.Errorf("QLoRA computes in 16-bit over a 4-bit base: use --precision bf16 or fp16, not fp32")
	}
	if s.Checkpointing == CkptUnsloth && s.Sharding != ShardNone {
		return fmt.Errorf("Unsloth's offloaded checkpointing is single-GPU: use --checkpointing full with --sharding %s", s.Sharding)
	}
	return nil
}

// Breakdown is the memory one GPU needs at the peak of a training step.
type Breakdown struct {
	BaseWeights    int64 `json:"base_weights_bytes"`    // frozen or trained weights as held for compute
	Trainable      int64 `json:"trainable_bytes"`       // adapter weights (LoRA, QLoRA); 0 for full
	Gradients      int64 `json:"gradients_bytes"`       // of the trained parameters
	OptimizerState int64 `json:"optimizer_state_bytes"` // on the GPU (paged states are counted in PagedBytes)
	MasterWeights  int64 `json:"master_weights_bytes"`  // fp32 copy kept by mixed precision
	Activations    int64 `json:"activations_bytes"`     // saved for the backward pass, with checkpointing applied
	Logits         int64 `json:"logits_bytes"`          // vocab × tokens for the loss
	Overhead       int64 `json:"overhead_bytes"`        // framework workspaces and allocator slack
}

// Total sums the breakdown.
func (b Breakdown) Total() int64 {
	return b.BaseWeights + b.Trainable + b.Gradients + b.OptimizerState + b.MasterWeights + b.Activations + b.Logits + b.Overhead
}

// Result is one method on the hardware.
type Result struct {
	Method          string    `json:"method"`
	PeakBytes       int64     `json:"peak_bytes"` // per GPU
	Breakdown       Breakdown `json:"breakdown"`
	PagedBytes      int64     `json:"paged_optimizer_bytes"` // paged optimizer states that spill to RAM under pressure
	BudgetBytes     int64     `json:"budget_bytes"`          // per GPU
	Verdict         string    `json:"verdict"`               // fits | no
	TrainableParams int64     `json:"trainable_params"`
	MaxSeqLen       int       `json:"max_seq_len"` // largest sequence length that fits at this micro batch (0: none)
	MaxBatch        int       `json:"max_batch"`   // largest micro batch that fits at this sequence length (0: none)
	TokensPerSecond *float64  `json:"tokens_per_second"`
	Hours           *float64  `json:"hours"` // for the data set × epochs; null without --dataset-tokens or a speed
	SpeedBasis      string    `json:"speed_basis"`
	Notes           []string  `json:"notes"`
}

// Verdicts.
const (
	Fits  = "fits"
	NoFit = "no"
)

// Estimate evaluates each method for m on gpus (all the same kind; the
// first one's memory is the per-GPU budget).
func Estimate(m *catalog.Model, gpus []estimate.Device, s Settings) ([]Result, error) {
	if err := s.Check(m); err != nil {
		return nil, err
	}
	if len(gpus) == 0 {
		return nil, fmt.Errorf("fine-tuning needs a GPU: none was found or given (try --gpu)")
	}
	a := newArch(m)
	methods := s.Methods
	if len(methods) == 0 {
		methods = Methods()
	}
	c := Constants()
	var out []Result
	for _, meth := range methods {
		r := Result{Method: meth, BudgetBytes: budget(gpus[0]), TrainableParams: a.trainable(meth, s)}
		r.Breakdown, r.PagedBytes = memory(a, meth, s, len(gpus), c)
		r.PeakBytes = r.Breakdown.Total()
		r.Verdict = NoFit
		if r.PeakBytes <= r.BudgetBytes {
			r.Verdict = Fits
		}
		r.MaxSeqLen = maxSeqLen(a, meth, s, len(gpus), r.BudgetBytes, min(m.Arch.ContextLength, 1<<22), c)
		r.MaxBatch = largest(4096, func(n int) bool {
			t := s
			t.Batch = n
			b, _ := memory(a, meth, t, len(gpus), c)
			return b.Total() <= r.BudgetBytes
		})
		r.speed(a, meth, s, gpus, c)
		r.Notes = notes(meth, s, len(gpus))
		out = append(out, r)
	}
	return out, nil
}

// Recommend is the most faithful method that fits: full, else LoRA, else
// QLoRA; "" when none does.
func Recommend(rs []Result) string {
	for _, meth := range Methods() {
		for _, r := range rs {
			if r.Method == meth && r.Verdict == Fits {
				return meth
			}
		}
	}
	return ""
}

// budget is what a GPU can give a training process: its free (or total)
// memory less the CUDA context, which PyTorch's peak figures exclude.
func budget(d estimate.Device) int64 {
	return max(0, d.MemoryBytes-Constants().CUDAContextBytes)
}

// maxSeqLen is the longest sequence up to limit whose step fits budget.
func maxSeqLen(a arch, meth string, s Settings, gpus int, budget int64, limit int, c constantSet) int {
	return largest(limit, func(n int) bool {
		t := s
		t.SeqLen = n
		b, _ := memory(a, meth, t, gpus, c)
		return b.Total() <= budget
	})
}

// largest finds the largest n in [1, hi] with ok(n), assuming ok is
// monotone (memory only grows with n); 0 when even 1 fails.
func largest(hi int, ok func(int) bool) int {
	if hi < 1 || !ok(1) {
		return 0
	}
	lo := 1
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if ok(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

func notes(meth string, s Settings, n int) []string {
	var ns []string
	if meth == QLoRA {
		ns = append(ns, "base weights in 4-bit NF4 with double quantization (bitsandbytes); embeddings and output head stay 16-bit")
	}
	if s.Optimizer == PagedAdamW {
		ns = append(ns, "paged optimizer states live in CUDA managed memory and move to system RAM when the GPU is full")
	}
	if s.Checkpointing == CkptUnsloth {
		ns = append(ns, "Unsloth offloads each layer's input to system RAM and fuses the loss, so activations and logits shrink")
	}
	if n > 1 && s.Sharding == ShardNone {
		ns = append(ns, fmt.Sprintf("data parallel over %d GPUs: each holds a full copy (try --sharding fsdp or zero3)", n))
	}
	return ns
}

// describe is a one-line summary of the settings, for tables.
func (s Settings) describe() string {
	return strings.Join([]string{fmt.Sprintf("seq %d × batch %d", s.SeqLen, s.Batch), "checkpointing " + s.Checkpointing,
		s.Optimizer, s.Precision, fmt.Sprintf("LoRA r=%d on %s", s.LoRARank, s.LoRATargets)}, ", ")
}

// Describe is a one-line summary of the settings.
func (s Settings) Describe() string { return s.describe() }
