package cli

import (
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/report"
)

func newFitCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "fit MODEL",
		Short: "Every quantization of one model on this (or a what-if) machine",
		Long: `Estimate one model at every quantization: memory (weights, KV cache, compute),
where it runs (full GPU, partial offload, CPU only, does not fit), the largest
context that keeps that verdict, decode tokens/s with its range, prefill speed and
time to first token, and an engine command line matching the estimate.

MODEL is an exact id, or a unique case-insensitive match of id or name — or a
local file: a .gguf (the first part of a split model too), sized exactly from its
header at its own quantization; or a model directory (config.json with safetensors
weights) or a config.json, estimated at its native precision.`,
		Example: `  fitcheck fit Llama-3.1-8B-Instruct
  fitcheck fit gpt-oss-120b --gpu "RTX 4090" --ram 128GiB --cpu-moe
  fitcheck fit Qwen3-32B --engine vllm --gpu "2x L40S" --json
  fitcheck fit ~/models/Qwen3-8B-Q4_K_M.gguf --gpu "RTX 4060"
  fitcheck fit ./Qwen3-32B --engine vllm --gpu "2x L40S"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("fit takes exactly one MODEL, got %d arguments", len(args))
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return withPrefix(modelNames(), prefix), cobra.ShellCompDirectiveDefault // a model name, or a .gguf file
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if isLocalPath(args[0]) {
				return a.runFitFile(cmd.Context(), args[0])
			}
			cat, err := a.Catalog()
			if err != nil {
				return err
			}
			m, err := a.findModel(cat, args[0])
			if err != nil {
				return err
			}
			if _, err := a.Options(); err != nil {
				return err
			}
			reqs, err := a.parseRequirements(cat)
			if err != nil {
				return err
			}
			snap, err := a.Snapshot(cmd.Context())
			if err != nil {
				return err
			}
			doc, err := a.Document(snap, cat, []*catalog.Model{m})
			if err != nil {
				return err
			}
			if err := a.checkRequirements(snap, cat, reqs, &doc); err != nil {
				return err
			}
			switch {
			case a.flags.json:
				err = a.writeJSON(doc)
			case len(doc.Models) == 0: // --fits dropped every estimate
				err = writeBestFits(a.env.Stdout, doc, report.SortBest)
			default:
				err = writeFitTable(a.env.Stdout, doc, doc.Models[0])
			}
			if err != nil {
				return err
			}
			return requirementsOutcome(doc.Requirements) // --require means the same as on the root
		},
	}
}
