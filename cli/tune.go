package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate/finetune"
	"github.com/fitcheck/fitcheck/report"
)

// tuneDocument is `fitcheck tune MODEL --json`.
type tuneDocument struct {
	SchemaVersion   string            `json:"schema_version"`
	FitcheckVersion string            `json:"fitcheck_version"`
	Hardware        report.Hardware   `json:"hardware"`
	Model           report.ModelInfo  `json:"model"`
	Settings        tuneSettings      `json:"settings"`
	Finetune        []finetune.Result `json:"finetune"`
	Recommended     *string           `json:"recommended"` // the most faithful method that fits; null if none
	Warnings        []string          `json:"warnings"`
}

type tuneSettings struct {
	SeqLen        int      `json:"seq_len"`
	Batch         int      `json:"batch"`
	GradAccum     int      `json:"grad_accum"`
	Checkpointing string   `json:"checkpointing"`
	Optimizer     string   `json:"optimizer"`
	LoRARank      int      `json:"lora_rank"`
	LoRATargets   string   `json:"lora_targets"`
	Precision     string   `json:"precision"`
	Sharding      string   `json:"sharding"`
	GPUs          int      `json:"gpus"`
	DatasetTokens int64    `json:"dataset_tokens"`
	Epochs        float64  `json:"epochs"`
	Methods       []string `json:"methods"`
}

func newTuneCommand(a *App) *cobra.Command {
	s := finetune.DefaultSettings()
	var methods []string
	cmd := &cobra.Command{
		Use:   "tune MODEL",
		Short: "Can this model be fine-tuned here: full, LoRA or QLoRA, memory per GPU and time",
		Long: `Estimate fine-tuning on this (or a what-if) machine's GPUs for each method — full
fine-tuning, LoRA on a 16-bit base, QLoRA on a 4-bit NF4 base: the peak memory per GPU
broken down (weights, adapters, gradients, optimizer states, master weights,
activations, logits, overhead), whether it fits, the longest sequence and largest micro
batch that fit, tokens/s and hours for a data set, and the method to use (the most
faithful one that fits). Constants are fitted to published measurements; see the
README's fine-tuning section for their accuracy.`,
		Example: `  fitcheck tune Llama-3.1-8B-Instruct --gpu "RTX 4090"
  fitcheck tune Qwen3-32B --method qlora --seq-len 4096 --gpu "RTX 4090"
  fitcheck tune Llama-3.1-8B-Instruct --method full --gpu "4x H100" --sharding zero3 --dataset-tokens 200M --epochs 2`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("tune takes exactly one MODEL, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			hints := map[string]string{"context": "give --seq-len", "parallel": "give --batch", "quant": "give --method qlora for a 4-bit base"}
			if err := a.refuseFlags("tune", hints, []string{"quant", "fits", "require", "policy"}, selectionFlagNames, inferenceFlagNames); err != nil {
				return err
			}
			for _, m := range methods {
				for _, part := range strings.Split(m, ",") {
					s.Methods = append(s.Methods, strings.ToLower(strings.TrimSpace(part)))
				}
			}
			dsTokens, err := parseCount("--dataset-tokens", a.tuneDatasetTokens)
			if err != nil {
				return err
			}
			s.DatasetTokens = dsTokens
			cat, err := a.Catalog()
			if err != nil {
				return err
			}
			m, err := a.findModel(cat, args[0]) // catalog, else the Hub (as fit)
			if err != nil {
				return err
			}
			if err := s.Check(m); err != nil {
				return usageError{err}
			}
			snap, err := a.Snapshot(cmd.Context())
			if err != nil {
				return err
			}
			hw, warnings := report.EstimateHardware(snap, a.AssumeIdle())
			warnings = append(nonNilStrings(snap.Warnings), warnings...)
			if len(hw.GPUs) > 1 && s.Sharding == finetune.ShardNone {
				warnings = append(warnings, fmt.Sprintf("%d GPUs with --sharding none: each GPU holds a full copy", len(hw.GPUs)))
			}
			results, err := finetune.Estimate(m, hw.GPUs, s)
			if err != nil {
				return err
			}
			doc := tuneDocument{
				SchemaVersion: report.SchemaVersion, FitcheckVersion: a.Version(), Hardware: report.HardwareOf(snap),
				Model: report.Catalog(cat, []*catalog.Model{m}, a.Version()).Models[0], Finetune: results, Warnings: warnings,
				Settings: tuneSettings{SeqLen: s.SeqLen, Batch: s.Batch, GradAccum: s.GradAccum, Checkpointing: s.Checkpointing,
					Optimizer: s.Optimizer, LoRARank: s.LoRARank, LoRATargets: s.LoRATargets, Precision: s.Precision,
					Sharding: s.Sharding, GPUs: len(hw.GPUs), DatasetTokens: s.DatasetTokens, Epochs: s.Epochs, Methods: nonNilStrings(s.Methods)},
			}
			if rec := finetune.Recommend(results); rec != "" {
				doc.Recommended = &rec
			}
			if a.flags.json {
				return a.writeJSON(doc)
			}
			return writeTuneTable(a.env.Stdout, doc, s)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&methods, "method", nil, "full, lora or qlora (repeatable or comma-separated; default: all three)")
	f.IntVar(&s.SeqLen, "seq-len", s.SeqLen, "tokens per training sequence")
	f.IntVar(&s.Batch, "batch", s.Batch, "micro batch per GPU")
	f.IntVar(&s.GradAccum, "grad-accum", s.GradAccum, "gradient accumulation steps (no memory cost; sets the effective batch)")
	f.StringVar(&s.Checkpointing, "checkpointing", s.Checkpointing, "activation checkpointing: none, full or unsloth (offloaded, fused loss)")
	f.StringVar(&s.Optimizer, "optimizer", s.Optimizer, "adamw, adamw-8bit, paged-adamw-8bit or sgd")
	f.IntVar(&s.LoRARank, "lora-rank", s.LoRARank, "LoRA rank")
	f.StringVar(&s.LoRATargets, "lora-targets", s.LoRATargets, "attn (q, k, v, o) or all-linear (also the MLP and experts)")
	f.StringVar(&s.Precision, "precision", s.Precision, "bf16 (pure bf16), fp16 (mixed, fp32 master weights) or fp32")
	f.StringVar(&s.Sharding, "sharding", s.Sharding, "across the GPUs: none (data parallel), fsdp, zero2 or zero3")
	f.StringVar(&a.tuneDatasetTokens, "dataset-tokens", "", "tokens in the data set, e.g. 50M (for the time estimate)")
	f.Float64Var(&s.Epochs, "epochs", s.Epochs, "passes over the data set")
	return cmd
}

func writeTuneTable(w io.Writer, doc tuneDocument, s finetune.Settings) error {
	fmt.Fprintf(w, "Fine-tuning %s on %s\n%s\n\n", doc.Model.Name, gpuLine(doc.Hardware), s.Describe())
	t := newTable(w)
	row(t, "METHOD", "PEAK/GPU", "BUDGET", "VERDICT", "WEIGHTS", "ADAPTERS+GRADS+OPT", "ACTIVATIONS", "LOGITS", "MAX SEQ", "MAX BATCH", "TOK/S", "HOURS")
	for _, r := range doc.Finetune {
		b := r.Breakdown
		hours := "—"
		if r.Hours != nil {
			hours = fmt.Sprintf("%.1f", *r.Hours)
		}
		row(t, r.Method, report.Bytes(r.PeakBytes), report.Bytes(r.BudgetBytes), r.Verdict, report.Bytes(b.BaseWeights),
			report.Bytes(b.Trainable+b.Gradients+b.OptimizerState+b.MasterWeights), report.Bytes(b.Activations), report.Bytes(b.Logits),
			noneIfZero(report.Tokens(r.MaxSeqLen), r.MaxSeqLen), noneIfZero(fmt.Sprint(r.MaxBatch), r.MaxBatch), report.TPS(r.TokensPerSecond), hours)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	if doc.Recommended != nil {
		fmt.Fprintf(w, "\nRecommended: %s (the most faithful method that fits).\n", *doc.Recommended)
	} else {
		fmt.Fprintln(w, "\nNo method fits: shorten --seq-len, use --checkpointing, a smaller --lora-rank, or more GPUs with --sharding.")
	}
	for _, r := range doc.Finetune {
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %s: %s\n", r.Method, n)
		}
		if r.Verdict == finetune.Fits && r.TokensPerSecond == nil {
			fmt.Fprintf(w, "  %s: speed %s\n", r.Method, r.SpeedBasis)
		}
	}
	writeWarnings(w, doc.Warnings)
	return nil
}

func gpuLine(hw report.Hardware) string {
	if len(hw.GPUs) == 0 {
		return "no GPU"
	}
	return fmt.Sprintf("%d × %s (%s each)", len(hw.GPUs), hw.GPUs[0].Name, report.Bytes(hw.GPUs[0].MemoryTotalBytes))
}

// noneIfZero shows "—" for a limit of 0 (nothing fits) instead of a number
// that reads like a measurement.
func noneIfZero(s string, n int) string {
	if n == 0 {
		return "—"
	}
	return s
}
