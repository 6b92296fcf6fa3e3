package plan

import (
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// BenchmarkSearch: plans for one model across the whole accelerator
// database (every row, 1-8 per node, multi-node shapes). Budget: well
// under a second — 250 ms per search on a 2-core machine.
func BenchmarkSearch(b *testing.B) {
	rows := hwprobe.ListAccelerators()
	for _, c := range []struct {
		name, id, engine string
		users            int
		tps              float64
	}{
		{"Llama-3.3-70B/llama.cpp", "meta-llama/Llama-3.3-70B-Instruct", estimate.EngineLlamaCpp, 8, 20},
		{"gpt-oss-120b/vllm", "openai/gpt-oss-120b", estimate.EngineVLLM, 16, 30},
		{"DeepSeek-V3/vllm", "deepseek-ai/DeepSeek-V3", estimate.EngineVLLM, 4, 10},
	} {
		m := model(b, c.id)
		w := workload(c.users, c.tps, 8192, c.engine)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Run(m, w, DefaultCostSettings(), rows); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
