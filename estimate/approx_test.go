package estimate

import (
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

func approxHW() Hardware {
	return Hardware{GPUs: []Device{{Name: "test", Backend: "cuda", MemoryBytes: 24 << 30, TotalBytes: 24 << 30,
		BandwidthGBps: 1000, FP16TFLOPs: 150}}, RAMBytes: 64 << 30, RAMBandwidthGBps: 60, CPUCores: 8}
}

// An unknown architecture with its generic keys is estimated from them,
// weights rescaled to the stated parameter count, and labelled approximate.
func TestUnknownArchitectureFromGenericKeys(t *testing.T) {
	m, err := catalog.ModelFromHFConfig("someone/new", []byte(`{"model_type": "brand_new_lm", "num_hidden_layers": 32,
		"hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336,
		"vocab_size": 128256, "max_position_embeddings": 8192}`))
	if err != nil {
		t.Fatal(err)
	}
	m.ParamsTotal = 8_030_261_248 // as a safetensors index would say
	rs := EstimateModel(m, approxHW(), DefaultSettings(), []string{"Q4_K_M", "BF16"})
	if len(rs) != 2 {
		t.Fatalf("%d results", len(rs))
	}
	for _, r := range rs {
		if !strings.HasPrefix(r.Basis, "approximate: unknown architecture brand_new_lm; ") {
			t.Errorf("basis %q", r.Basis)
		}
	}
	// BF16 weights of an 8.03B model: 2 bytes a parameter, within 2 %.
	bf16 := rs[0]
	if bf16.Quant != "BF16" {
		bf16 = rs[1]
	}
	if got, want := float64(bf16.WeightsBytes), 2*8.03e9; got < want*0.98 || got > want*1.02 {
		t.Errorf("BF16 weights %d bytes, want about %.0f", bf16.WeightsBytes, want)
	}
	if _, err := Estimate(m, "Q8_0", approxHW(), DefaultSettings()); err != nil {
		t.Error(err)
	}
}

// With no usable shape at all, the parameter count alone still gives an
// estimate: weights near 2 bytes a parameter at BF16, a stand-in basis.
func TestUnknownArchitectureFromParamCountOnly(t *testing.T) {
	m, err := catalog.ModelFromHFConfig("someone/opaque", []byte(`{"model_type": "opaque_lm", "d_whatever": 7}`))
	if err != nil {
		t.Fatal(err)
	}
	if rs := EstimateModel(m, approxHW(), DefaultSettings(), nil); rs != nil {
		t.Errorf("no shape and no parameter count must give no estimate, got %d", len(rs))
	}
	for _, p := range []int64{500e6, 7e9, 70e9, 400e9} {
		m.ParamsTotal = p
		rs := EstimateModel(m, approxHW(), DefaultSettings(), []string{"BF16"})
		if len(rs) != 1 {
			t.Fatalf("%d: %d results", p, len(rs))
		}
		r := rs[0]
		if !strings.Contains(r.Basis, "approximate: unknown architecture opaque_lm; stand-in dense shape") {
			t.Errorf("basis %q", r.Basis)
		}
		if got := float64(r.WeightsBytes) / float64(2*p); got < 0.97 || got > 1.03 {
			t.Errorf("%d params: BF16 weights %d bytes (%.3f of 2/param)", p, r.WeightsBytes, got)
		}
	}
}
