package report

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

func ptr[T any](v T) *T { return &v }

func gib(n float64) int64 { return int64(n * (1 << 30)) }

func fixture(t *testing.T) (*catalog.Catalog, *catalog.Model) {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, err := cat.Find("meta-llama/Llama-3.1-8B-Instruct")
	if err != nil {
		t.Fatal(err)
	}
	return cat, m
}

func snapshot(freeGiB float64) hwprobe.Snapshot {
	return hwprobe.Snapshot{
		Source: hwprobe.SourceOverride,
		CPU:    hwprobe.CPU{Model: "test", Arch: "amd64", PhysicalCores: 8, LogicalCores: 16},
		Memory: hwprobe.Memory{TotalBytes: gib(64), AvailableBytes: gib(48), BandwidthGBps: ptr(80.0), BandwidthBasis: "override"},
		GPUs: []hwprobe.GPU{{Name: "NVIDIA GeForce RTX 4090", Vendor: "NVIDIA", Backend: "cuda",
			MemoryTotalBytes: gib(24), MemoryFreeBytes: ptr(gib(freeGiB)), BandwidthGBps: ptr(1008.0), FP16TFLOPs: ptr(165.2)}},
	}
}

func TestFreeMemoryByDefaultTotalWhenIdle(t *testing.T) {
	hw, _ := EstimateHardware(snapshot(4), false)
	if hw.GPUs[0].MemoryBytes != gib(4) || hw.RAMBytes != gib(48) {
		t.Errorf("default budget: GPU %d, RAM %d; want free memory", hw.GPUs[0].MemoryBytes, hw.RAMBytes)
	}
	hw, _ = EstimateHardware(snapshot(4), true)
	// Idle leaves the OS its share of the RAM (hwprobe/os_ram_reserve.go).
	if hw.GPUs[0].MemoryBytes != gib(24) || hw.RAMBytes != gib(64)-hwprobe.OSRAMReserveBytes {
		t.Errorf("assume idle: GPU %d, RAM %d; want the GPU's total and the RAM's less the OS's share", hw.GPUs[0].MemoryBytes, hw.RAMBytes)
	}
}

func TestUnknownBandwidthIsAWarningNotAGuess(t *testing.T) {
	s := snapshot(24)
	s.GPUs[0].BandwidthGBps = nil
	s.GPUs[0].MemoryFreeBytes = nil
	hw, warnings := EstimateHardware(s, false)
	if hw.GPUs[0].BandwidthGBps != 0 || len(warnings) != 2 {
		t.Errorf("bandwidth %v, warnings %q", hw.GPUs[0].BandwidthGBps, warnings)
	}
}

func TestBuildVerdictsFollowFreeMemory(t *testing.T) {
	cat, m := fixture(t)
	opts := Options{Version: "test", Settings: estimate.DefaultSettings(), Quants: []string{"Q4_K_M"}}
	best := func(free float64) Model { return Build(snapshot(free), cat, []*catalog.Model{m}, opts).Models[0] }
	if v := best(24).BestVerdict; v != estimate.VerdictGPU {
		t.Errorf("8B Q4_K_M on a free 24 GiB GPU: %s, want gpu", v)
	}
	// 3 GiB free: 2 GiB past llama.cpp's --fit margin, of which the runtime,
	// compute buffer and staging copy take ~0.75 GiB; the output layer
	// (offloaded first) and some repeating layers fit in the rest.
	if v := best(3).BestVerdict; v != estimate.VerdictPartial {
		t.Errorf("8B Q4_K_M with 3 GiB free: %s, want partial", v)
	}
	if v := best(0.5).BestVerdict; v != estimate.VerdictCPU {
		t.Errorf("8B Q4_K_M with 0.5 GiB free: %s, want cpu", v)
	}
	e := best(24).Estimates[0]
	if e.DecodeTPS == nil || e.Command == nil || e.TTFTSeconds == nil {
		t.Errorf("a fitting estimate lacks speed or command: %+v", e)
	}
}

func TestFitsOnlyDropsWhatDoesNotFit(t *testing.T) {
	cat, _ := fixture(t)
	big, err := cat.Find("deepseek-ai/DeepSeek-V3")
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot(24)
	s.Memory.AvailableBytes, s.Memory.TotalBytes = gib(16), gib(16)
	doc := Build(s, cat, []*catalog.Model{big}, Options{Settings: estimate.DefaultSettings(), FitsOnly: true})
	if len(doc.Models) != 0 {
		t.Errorf("DeepSeek-V3 on a 24 GiB GPU + 16 GiB RAM listed with --fits: %+v", doc.Models[0].Estimates)
	}
	doc = Build(s, cat, []*catalog.Model{big}, Options{Settings: estimate.DefaultSettings()})
	if m := doc.Models[0]; m.BestQuant != nil || m.BestVerdict != estimate.VerdictNo {
		t.Errorf("best quant %v / %s for a model that cannot fit", m.BestQuant, m.BestVerdict)
	}
	for _, e := range doc.Models[0].Estimates {
		if e.DecodeTPS != nil || e.Command != nil {
			t.Errorf("%s: speed or command for a model that does not fit", e.Quant)
		}
	}
}

func TestCommandMatchesEstimate(t *testing.T) {
	cat, m := fixture(t)
	s := estimate.DefaultSettings()
	s.KVType, s.Parallel, s.Context = "q8_0", 2, 16384
	doc := Build(snapshot(24), cat, []*catalog.Model{m}, Options{Settings: s, Quants: []string{"Q4_K_M"}})
	e := doc.Models[0].Estimates[0]
	want := "llama-server -m \"${GGUF:?a Q4_K_M GGUF file of meta-llama/Llama-3.1-8B-Instruct; fitcheck knows no repository}\" -c 32768 -ngl 33 -fa on --cache-type-k q8_0 --cache-type-v q8_0 -np 2"
	if e.Command == nil || *e.Command != want {
		t.Errorf("command %s\nwant    %s", deref(e.Command), want)
	}
}

func TestFormatters(t *testing.T) {
	cases := map[string]string{
		Bytes(560 << 20):                    "560 MiB",
		Bytes(gib(4.58)):                    "4.58 GiB",
		Bytes(512):                          "512 B",
		Params(8030261248):                  "8.03B",
		Params(671e9):                       "671B",
		Params(135e6):                       "135M",
		Tokens(8192):                        "8k",
		Tokens(131072):                      "128k",
		Tokens(1 << 20):                     "1M",
		Seconds(ptr(0.25)):                  "250 ms",
		TPS(ptr(123.4)):                     "123",
		TPS(nil):                            "—",
		VerdictLabel("partial", 20, 32):     "partial 20/32",
		VerdictLabel("partial", 37, 37, 23): "experts of 23/36 layers in RAM",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// On unified memory the GPU's share and the CPU's share come out of one
// RAM pool: a model that fits the Metal working set must fit, and one
// larger than the RAM must not.
func TestUnifiedMemoryIsOnePool(t *testing.T) {
	cat, _ := fixture(t)
	gpus, err := hwprobe.ParseGPUSpec("M4 Max (40-core GPU) 128GB")
	if err != nil {
		t.Fatal(err)
	}
	snap := hwprobe.WhatIf(hwprobe.Overrides{GPUs: gpus, RAMBytes: gib(128), Cores: 14})
	verdict := func(id, quant string) string {
		m, err := cat.Find(id)
		if err != nil {
			t.Fatal(err)
		}
		doc := Build(snap, cat, []*catalog.Model{m}, Options{Settings: estimate.DefaultSettings(), Quants: []string{quant}})
		return doc.Models[0].Estimates[0].Verdict
	}
	if v := verdict("openai/gpt-oss-120b", "MXFP4"); v != estimate.VerdictGPU {
		t.Errorf("gpt-oss-120b MXFP4 (~60 GiB) on a 128 GB M4 Max: %s, want gpu", v)
	}
	if v := verdict("deepseek-ai/DeepSeek-V3", "Q2_K"); v != estimate.VerdictNo {
		t.Errorf("DeepSeek-V3 Q2_K (~230 GiB) on a 128 GB M4 Max: %s, want no", v)
	}
}
