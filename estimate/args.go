package estimate

import "strconv"

// llamaCppBatch is llama.cpp's default -b (n_batch, common/common.h).
const llamaCppBatch = 2048

// EngineArgs are the command-line flags that make the engine run as
// estimated: for llama.cpp (llama-server / llama-cli) the context for all
// sequences, -ngl, flash attention, cache types, parallel slots, the layer
// split and --cpu-moe / --n-cpu-moe N; for vLLM the tensor-parallel size, max model length,
// memory utilisation and the fp8 KV cache. Nil for a result that does not
// fit. The model path or name is the caller's.
func EngineArgs(r Result, s Settings) []string {
	if r.Verdict == VerdictNo {
		return nil
	}
	s, err := normalize(s)
	if err != nil {
		return nil
	}
	if r.Context > 0 {
		s.Context = r.Context // the context the result was estimated at (clamped to the model)
	}
	if r.Engine == EngineVLLM {
		a := []string{"--tensor-parallel-size", strconv.Itoa(max(r.TensorParallel, 1)),
			"--max-model-len", strconv.Itoa(s.Context),
			"--gpu-memory-utilization", strconv.FormatFloat(s.GPUMemoryUtilization, 'f', -1, 64)}
		if s.KVType == "q8_0" {
			a = append(a, "--kv-cache-dtype", "fp8")
		}
		if s.Parallel > 1 {
			a = append(a, "--max-num-seqs", strconv.Itoa(s.Parallel))
		}
		return a
	}
	// llama.cpp shares -c among the -np slots: each gets Context tokens.
	a := []string{"-c", strconv.Itoa(s.Context * s.Parallel), "-ngl", strconv.Itoa(r.NGL)}
	if s.FlashAttention {
		a = append(a, "-fa", "on")
	} else {
		a = append(a, "-fa", "off")
	}
	if s.KVType != "f16" {
		a = append(a, "--cache-type-k", s.KVType)
		if s.FlashAttention {
			a = append(a, "--cache-type-v", s.KVType)
		}
	}
	if s.Parallel > 1 {
		a = append(a, "-np", strconv.Itoa(s.Parallel))
	}
	if s.TextOnly {
		// -hf would fetch and load the projector as well.
		a = append(a, "--no-mmproj")
	}
	if s.Threads > 0 {
		a = append(a, "-t", strconv.Itoa(s.Threads))
	}
	if s.UBatch != ubatch {
		// -b (default 2048) must hold at least one ubatch.
		if s.UBatch > llamaCppBatch {
			a = append(a, "-b", strconv.Itoa(s.UBatch))
		}
		a = append(a, "-ub", strconv.Itoa(s.UBatch))
	}
	switch {
	case r.CPUMoELayers > 0 && s.CPUMoE:
		a = append(a, "--cpu-moe")
	case r.CPUMoELayers > 0:
		a = append(a, "--n-cpu-moe", strconv.Itoa(r.CPUMoELayers))
	}
	used := 0
	for _, n := range r.TensorSplit {
		if n > 0 {
			used++
		}
	}
	if len(r.TensorSplit) > 1 && used > 1 {
		ts := ""
		for i, n := range r.TensorSplit {
			if i > 0 {
				ts += ","
			}
			ts += strconv.Itoa(n)
		}
		a = append(a, "-ts", ts)
	}
	return a
}
