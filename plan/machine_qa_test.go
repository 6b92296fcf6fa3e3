package plan

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// plan --machine picks the quantization fit recommends: Qwen3-32B on an
// RTX 4090 ran as BF16 partially offloaded at 0.7 tok/s, while fit said
// Q5_K_M fully on the GPU at 40 tok/s. A CPU-only machine lists CPU fits
// instead of "0 models meet the targets".
func TestMachinePicksFitsBestQuant(t *testing.T) {
	m := model(t, "Qwen/Qwen3-32B")
	gpu, err := Hardware(Args{GPU: "RTX 4090", RAM: "64GiB"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		hw      estimate.Hardware
		verdict string
	}{
		{gpu, estimate.VerdictGPU},
		{hardwareOf(nil, 64<<30), estimate.VerdictCPU},
	} {
		hw := tc.hw
		w := workload(1, 0, 8192, estimate.EngineLlamaCpp)
		ans, err := Machine([]*catalog.Model{m}, hw, w, 3)
		if err != nil {
			t.Fatal(err)
		}
		wn, _ := w.Normalize()
		best, _ := estimate.BestQuant(estimate.EstimateModel(m, hw, wn.Settings, wn.quants(m)))
		if len(ans.Largest) != 1 || ans.Largest[0].Quant != best.Quant || ans.Largest[0].Verdict != tc.verdict {
			t.Errorf("%d GPUs: %+v, want %s (%s) as fit recommends", len(hw.GPUs), ans.Largest, best.Quant, tc.verdict)
		}
	}
}
