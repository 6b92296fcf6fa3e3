package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// Args are the flags that reproduce a plan with the forward estimator:
// `fitcheck fit MODEL --gpu GPU --ram RAM --engine E --context C
// --prompt-tokens P --parallel USERS`.
type Args struct {
	GPU string `json:"gpu"`
	RAM string `json:"ram"`
}

// Flags is Args with the run settings, as command-line words.
func (a Args) Flags(s estimate.Settings) []string {
	f := []string{"--gpu", a.GPU, "--ram", a.RAM, "--engine", s.Engine,
		"--context", strconv.Itoa(s.Context), "--prompt-tokens", strconv.Itoa(s.PromptTokens),
		"--parallel", strconv.Itoa(max(s.Parallel, 1))}
	if s.KVType != "" && s.KVType != "f16" {
		f = append(f, "--kv-type", s.KVType)
	}
	return f
}

// Hardware builds the estimator's machine from plan arguments exactly as
// the CLI does for --gpu and --ram (both given: a what-if machine, nothing
// probed), so a plan and its forward check cannot disagree.
func Hardware(a Args) (estimate.Hardware, error) {
	ram, err := hwprobe.ParseSize(a.RAM)
	if err != nil {
		return estimate.Hardware{}, fmt.Errorf("--ram %q: %w", a.RAM, err)
	}
	gpus, err := hwprobe.ParseGPUSpec(a.GPU)
	if err != nil {
		return estimate.Hardware{}, fmt.Errorf("--gpu %q: %w", a.GPU, err)
	}
	return hardwareOf(gpus, ram), nil
}

func hardwareOf(gpus []hwprobe.GPU, ram int64) estimate.Hardware {
	snap := hwprobe.WhatIf(hwprobe.Overrides{GPUs: gpus, RAMBytes: ram})
	hw, _ := report.EstimateHardware(snap, false)
	return hw
}

// unitSpec names one accelerator of a row at one memory size, as --gpu
// reads it.
func unitSpec(a hwprobe.Accelerator, memGiB float64) string {
	if len(a.MemoryGiB) == 1 {
		return a.Name
	}
	return fmt.Sprintf("%s %gGB", a.Name, memGiB)
}

// pipelineReserveGiB is what each extra pipeline stage of a multi-node
// vLLM plan costs on every GPU beyond its share of weights and KV cache:
// vLLM's non-torch memory (CUDA context, cuBLAS, graphs: 1 GiB), NCCL
// buffers (0.5 GiB) and an activation peak, as estimate/vllm.go counts
// them per rank — rounded up to 4 GiB.
const pipelineReserveGiB = 4

// pipelineSpec describes g GPUs per node × n nodes running vLLM with
// tensor parallelism g inside a node and pipeline parallelism n across
// nodes, as g virtual GPUs each holding n GPUs' memory (less the per-stage
// reserve): every rank of a pipeline stage holds 1/(g·n) of the weights
// and of the KV cache, and a token crosses the n stages one after the
// other, so its decode time is that of TP g over the whole model. The
// custom --gpu spec makes the forward estimator see the same thing.
func pipelineSpec(a hwprobe.Accelerator, memGiB float64, g, n int) string {
	parts := []string{
		"mem=" + strconv.FormatFloat(float64(n)*memGiB-float64(n-1)*pipelineReserveGiB, 'f', -1, 64) + "GiB",
		"bw=" + strconv.FormatFloat(*a.BandwidthGBps, 'f', -1, 64),
	}
	if a.FP16TFLOPs != nil {
		parts = append(parts, "tflops="+strconv.FormatFloat(*a.FP16TFLOPs, 'f', -1, 64))
	}
	name := strings.NewReplacer(",", " ", "=", " ").Replace(a.Name)
	parts = append(parts, "backend="+a.Backend, "count="+strconv.Itoa(g),
		fmt.Sprintf("name=%s x%d nodes (pipeline stages)", name, n))
	return strings.Join(parts, ",")
}

// ramArg is the --ram of a plan: the system memory for a unified-memory
// machine, else the host RAM the estimate needs, with the OS's share, rounded up to a power of
// two of at least 32 GiB (host RAM is not priced).
func ramArg(unifiedGiB float64, needBytes int64) string {
	if unifiedGiB > 0 {
		return strconv.FormatFloat(unifiedGiB, 'f', -1, 64) + "GiB"
	}
	g := int64(32)
	// The OS keeps its share of a what-if machine's RAM (hwprobe/os_ram_reserve.go).
	for hwprobe.RAMLessOSReserve(g<<30) < needBytes && g < 1<<20 {
		g *= 2
	}
	return strconv.FormatInt(g, 10) + "GiB"
}
