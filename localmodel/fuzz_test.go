package localmodel

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/localmodel/ggufwrite"
)

// FuzzReadGGUF feeds arbitrary bytes through both GGUF readers (the
// metadata scan of `installed` and the full header parse of `fit PATH`,
// with the estimate after it): an error is fine, a panic or a hang is not.
func FuzzReadGGUF(f *testing.F) {
	tiny := small("seed")
	tiny.VocabStrings = true
	tiny.Vocab = 256
	moe := small("moe")
	moe.Experts, moe.ExpertsUsed, moe.ExpertFF = 4, 2, 128
	swa := small("swa")
	swa.SlidingWindow, swa.SWAPattern = 128, []bool{true, false, true, false}
	for _, s := range []ggufwrite.Spec{tiny, moe, swa} {
		h, _, err := ggufwrite.Header(s.Build())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(h)
		f.Add(h[:len(h)/2])
	}
	f.Add([]byte("GGUF\x03\x00\x00\x00"))
	f.Add([]byte("GGUF\x03\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\x01\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.gguf") // one file per input: workers never share one
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// Give the tensors room, sparse: the header alone is not a file.
		os.Truncate(p, int64(len(data))+1<<20)
		if s, err := ScanGGUF(p); err == nil && s.Quant == "" {
			t.Error("scan: empty quant name")
		}
		g, err := ReadGGUF(p)
		if err != nil {
			return
		}
		if g.Tensors.Total() < 0 || g.FileBytes <= 0 {
			t.Errorf("negative sizes: %+v", g.Tensors)
		}
		hw := estimate.Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 50, CPUCores: 8,
			GPUs: []estimate.Device{{Name: "g", Backend: "cuda", MemoryBytes: 24 << 30, TotalBytes: 24 << 30, BandwidthGBps: 1000, FP16TFLOPs: 100}}}
		estimate.EstimateFile(&g.Model, &g.Tensors, hw, estimate.DefaultSettings())
	})
}
