package estimate

import (
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestSingleBlockLayers: Nemotron-H layers hold one block each, a Mamba-2
// mixer, an attention block or an MLP/MoE block (the hybrid pattern
// "M-M-M-MM-M-M*-..." of Megatron-Bridge's Nemotron 3 Nano recipes, which
// the catalog records as three counts). Only the attention layers keep a
// KV cache and only the MLP/MoE layers run experts.
func TestSingleBlockLayers(t *testing.T) {
	cat := catalogtest.Builtin(t)
	for _, id := range []string{"nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16", "nvidia/NVIDIA-Nemotron-3-Nano-4B-BF16", "nvidia/Nemotron-H-47B-Base-8K"} {
		m := hardModel(t, cat, id)
		a := m.Arch
		p, err := newPlan(m)
		if err != nil {
			t.Fatal(err)
		}
		if p.attnLayers != a.AttentionLayers || p.counts[attnRecurrent] != a.Recurrent.Layers || p.counts[attnNone] != a.FFNLayers {
			t.Errorf("%s: %d attention, %d recurrent, %d FFN-only layers; the config %d, %d, %d",
				id, p.attnLayers, p.counts[attnRecurrent], p.counts[attnNone], a.AttentionLayers, a.Recurrent.Layers, a.FFNLayers)
		}
		if a.MoE != nil && p.moeLayers != a.FFNLayers {
			t.Errorf("%s: %d MoE layers, want the %d FFN layers", id, p.moeLayers, a.FFNLayers)
		}
		// The KV cache grows by the attention layers only: 2048 more cells
		// cost attention_layers × 2048 × (K + V) bytes.
		hw := Hardware{GPUs: []Device{{Name: "NVIDIA H100", Backend: "cuda", MemoryBytes: 80 << 30, TotalBytes: 80 << 30, BandwidthGBps: 3350}}, RAMBytes: 256 << 30, CPUCores: 16}
		kv := func(ctx int) int64 {
			s := DefaultSettings()
			s.Context = ctx
			r, err := Estimate(m, "BF16", hw, s)
			if err != nil {
				t.Fatal(err)
			}
			return r.KVCacheBytes
		}
		want := int64(a.AttentionLayers) * 2048 * 2 * int64(a.KVHeads) * int64(a.HeadDim) * 2
		if got := kv(4096) - kv(2048); got != want {
			t.Errorf("%s: 2048 more cells cost %d bytes, want %d (%d attention layers)", id, got, want, a.AttentionLayers)
		}
	}
}
