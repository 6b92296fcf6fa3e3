package estimate

import (
	"math"
	"strings"
	"testing"
)

func TestGPUVendor(t *testing.T) {
	for name, want := range map[string]string{
		"Intel Arc B580":                   "intel",
		"Intel(R) Arc(TM) A770 Graphics":   "intel",
		"Intel(R) Graphics (BMG G31)":      "intel",
		"Arc A750":                         "intel",
		"Apple M1 Ultra (G13D C0)":         "apple",
		"Apple M4 Max":                     "apple",
		"AMD Radeon RX 7900 XT":            "",
		"NVIDIA GeForce RTX 4090":          "",
		"AMD Radeon 8060S (Ryzen AI Max+)": "",
	} {
		if got := gpuVendor(name); got != want {
			t.Errorf("gpuVendor(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestVendorFactorScope: the Intel factor slows Intel discrete cards under
// Vulkan only — not the same card under SYCL, not an AMD card of the same
// bandwidth under Vulkan, not an Intel iGPU (no rows) — and BF16 weights
// less than quantised ones; the basis says so.
func TestVendorFactorScope(t *testing.T) {
	m := sizeModels["llama3-8b"]
	s := DefaultSettings()
	dec := func(name, backend, quant string, unified bool) (float64, string) {
		t.Helper()
		hw := Hardware{RAMBytes: 64 << 30, CPUCores: 8,
			GPUs: []Device{{Name: name, Backend: backend, MemoryBytes: 32 << 30, TotalBytes: 32 << 30,
				BandwidthGBps: 608, FP16TFLOPs: 183.5, Unified: unified}}}
		r, err := Estimate(m, quant, hw, s)
		if err != nil {
			t.Fatal(err)
		}
		return r.DecodeTPS, r.Basis
	}
	amd, _ := dec("AMD Radeon Test", "vulkan", "Q4_K_M", false)
	intel, basis := dec("Intel Arc Pro B70", "vulkan", "Q4_K_M", false)
	sycl, syclBasis := dec("Intel Arc Pro B70", "sycl", "Q4_K_M", false)
	igpu, _ := dec("Intel Arc 140V", "vulkan", "Q4_K_M", true)
	amdIGPU, _ := dec("AMD Radeon 890M", "vulkan", "Q4_K_M", true)
	if !(intel < 0.6*amd) {
		t.Errorf("Intel Vulkan Q4_K_M %.1f t/s, AMD %.1f: want the vendor factor", intel, amd)
	}
	if !strings.Contains(basis, "Intel under Vulkan") || strings.Contains(syclBasis, "Vulkan") {
		t.Errorf("basis %q / SYCL basis %q", basis, syclBasis)
	}
	if sycl <= intel {
		t.Errorf("SYCL %.1f t/s should not carry the Vulkan factor (Vulkan %.1f)", sycl, intel)
	}
	// Lunar Lake's Xe2 iGPU runs the same driver and shaders as the B70.
	if !(igpu < 0.6*amdIGPU) {
		t.Errorf("integrated Intel %.1f t/s, integrated AMD %.1f: want the Intel factor there too", igpu, amdIGPU)
	}
	amdBF16, _ := dec("AMD Radeon Test", "vulkan", "BF16", false)
	intelBF16, _ := dec("Intel Arc Pro B70", "vulkan", "BF16", false)
	if intelBF16/amdBF16 <= intel/amd {
		t.Errorf("BF16 ratio %.2f should exceed the quantised ratio %.2f", intelBF16/amdBF16, intel/amd)
	}
	apple, _ := dec("Apple M1 Ultra", "vulkan", "Q4_0", true)
	other, _ := dec("AMD Radeon 890M", "vulkan", "Q4_0", true)
	if !(apple < 0.5*other) {
		t.Errorf("Apple under Vulkan %.1f t/s, AMD iGPU %.1f: want the Apple factor", apple, other)
	}
}

// TestGCNVulkanFactor refits gcnVulkanEff from testdata/vulkan_gcn.csv:
// the median share of peak bandwidth (tg128 × size / bandwidth) of the GCN
// rows over that of the RDNA rows, held-out rows left out; and names the
// GCN cards right.
func TestGCNVulkanFactor(t *testing.T) {
	var gcn, rdna, held []float64
	for _, c := range readCSV(t, "testdata/vulkan_gcn.csv") {
		bw := atof(c["bandwidth_gbps"])
		if bw <= 0 {
			continue // no spec source for the card
		}
		eta := atof(c["tg128"]) * atof(c["size_gib"]) * (1 << 30) / (bw * 1e9)
		isG := strings.HasPrefix(c["arch"], "gcn")
		switch {
		case c["heldout"] == "yes":
			if isG {
				held = append(held, eta)
			}
		case isG:
			gcn = append(gcn, eta)
		default:
			rdna = append(rdna, eta)
		}
	}
	med := func(v []float64) float64 { m, _ := medianP90(v); return m }
	fit := med(gcn) / med(rdna)
	t.Logf("GCN median η %.3f (%d rows), RDNA %.3f (%d rows): factor %.2f; held-out GCN rows %.2f of RDNA", med(gcn), len(gcn), med(rdna), len(rdna), fit, med(held)/med(rdna))
	if math.Abs(fit-gcnVulkanEff) > 0.03 {
		t.Errorf("refit GCN factor %.3f, constant %.2f", fit, gcnVulkanEff)
	}
	for name, want := range map[string]bool{"AMD Radeon RX 570": true, "AMD Radeon RX 580 (RADV POLARIS10)": true, "Radeon RX Vega 64": true,
		"AMD Radeon VII": true, "AMD Instinct MI50": true, "AMD Instinct MI250X": false, "AMD Radeon RX 5700 XT": false, "AMD Radeon RX 6700 XT": false, "AMD Radeon RX 7900 XTX": false} {
		if got := isGCN(strings.ToUpper(name)); got != want {
			t.Errorf("isGCN(%q) = %v, want %v", name, got, want)
		}
	}
}

// Xe-HPG (Arc A-series) runs Vulkan matmuls without its XMX engines: a
// quarter of the Xe2 prefill rate at the same listed peak; Battlemage,
// Lunar Lake and SYCL keep theirs.
func TestAlchemistVulkanPrefill(t *testing.T) {
	m := sizeModels["llama3-8b"]
	pre := func(name, backend string) float64 {
		t.Helper()
		hw := Hardware{RAMBytes: 64 << 30, CPUCores: 8,
			GPUs: []Device{{Name: name, Backend: backend, MemoryBytes: 16 << 30, TotalBytes: 16 << 30,
				BandwidthGBps: 560, FP16TFLOPs: 137.6}}}
		r, err := Estimate(m, "Q4_K_M", hw, DefaultSettings())
		if err != nil {
			t.Fatal(err)
		}
		return r.PrefillTPS
	}
	a770, b580 := pre("Intel(R) Arc(TM) A770 Graphics", "vulkan"), pre("Intel(R) Arc(TM) B580 Graphics", "vulkan")
	if r := a770 / b580; r < 0.2 || r > 0.4 {
		t.Errorf("A770 / B580 prefill at the same peak %.2f, want about a quarter", r)
	}
	if sycl := pre("Intel(R) Arc(TM) A770 Graphics", "sycl"); sycl <= 2*a770 {
		t.Errorf("A770 under SYCL %.0f t/s should use XMX (Vulkan %.0f)", sycl, a770)
	}
	for name, want := range map[string]bool{
		"INTEL(R) ARC(TM) A770 GRAPHICS": true, "INTEL ARC A380": true, "INTEL ARC PRO A60": true, "INTEL(R) GRAPHICS (DG2)": true,
		"INTEL(R) ARC(TM) B580 GRAPHICS": false, "INTEL ARC PRO B70": false, "INTEL(R) ARC(TM) GRAPHICS": false, "INTEL ARC 140V": false,
	} {
		if isAlchemist(name) != want {
			t.Errorf("isAlchemist(%q) = %v", name, !want)
		}
	}
}

// TestPolarisVulkanPair recomputes the Polaris constants from the RX 570
// kernel profile they come from (vendor.go polarisVulkan), and checks that
// on the Polaris tables of testdata/vulkan_gcn.csv, which were not used for
// them, the pair estimates decode closer than the GCN factor it replaced.
func TestPolarisVulkanPair(t *testing.T) {
	const (
		gpuMs, layers                   = 35.0, 40
		matVec, flash, output, deltaNet = 0.35, 0.18, 0.07, 0.03
		matVecGBps, rx570GBps           = 165.0, 224.0
	)
	if eta := matVecGBps / rx570GBps / params[clsVulkan].eta; math.Abs(eta-polarisEta) > 0.01 {
		t.Errorf("profile gives η share %.3f, constant %.2f", eta, polarisEta)
	}
	if lat := (1 - matVec - flash - output - deltaNet) * gpuMs * 1e-3 / layers; math.Abs(lat-polarisLayer) > 0.005e-3 {
		t.Errorf("profile gives %.3f ms per layer, constant %.2f", lat*1e3, polarisLayer*1e3)
	}
	// Layer counts from the models' config.json (num_hidden_layers).
	layersOf := map[string]int{"Qwen3-4B": 36, "llama 8B": 32, "Llama-3.2-3B": 28}
	t0 := tokenLatency["vulkan"] / latencyLayers
	var pairErr, gcnErr []float64
	for _, c := range readCSV(t, "testdata/vulkan_gcn.csv") {
		if c["arch"] != "gcn4" {
			continue
		}
		n := 0
		for prefix, l := range layersOf {
			if strings.HasPrefix(c["model"], prefix) {
				n = l
			}
		}
		if n == 0 {
			t.Fatalf("%s: no layer count for %q", c["id"], c["model"])
		}
		bytes, bw, meas := atof(c["size_gib"])*(1<<30), atof(c["bandwidth_gbps"])*1e9, 1/atof(c["tg128"])
		eta := params[clsVulkan].eta
		pair := bytes/(eta*polarisEta*bw) + float64(n)*(t0+polarisLayer)
		gcn := bytes/(eta*gcnVulkanEff*bw) + float64(n)*t0
		pairErr = append(pairErr, math.Abs(meas/pair-1))
		gcnErr = append(gcnErr, math.Abs(meas/gcn-1))
	}
	pm, _ := medianP90(pairErr)
	gm, _ := medianP90(gcnErr)
	t.Logf("Polaris tables (%d rows): median |error| %.0f %% with the pair, %.0f %% with the GCN factor", len(pairErr), pm*100, gm*100)
	if len(pairErr) < 10 || pm >= gm {
		t.Errorf("the pair should beat the GCN factor on the Polaris tables: %.2f vs %.2f", pm, gm)
	}
	for name, want := range map[string]bool{"AMD RADEON RX 570": true, "AMD RADEON RX 580 (RADV POLARIS10)": true, "AMD RADEON RX 480": true,
		"AMD RADEON VII": false, "AMD INSTINCT MI50": false, "RADEON RX VEGA 64": false, "AMD RADEON RX 5700 XT": false} {
		if got := isPolaris(name); got != want {
			t.Errorf("isPolaris(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestIntelVulkanCachedAttention checks that prefill after cached tokens on
// Intel under Vulkan charges their attention at intelVulkanFAPrefill of the
// peak, and that other Vulkan devices keep their class's rate.
func TestIntelVulkanCachedAttention(t *testing.T) {
	m := sizeModels["llama3-8b"]
	slowdown := func(name string) float64 {
		t.Helper()
		hw := Hardware{RAMBytes: 64 << 30, CPUCores: 8,
			GPUs: []Device{{Name: name, Backend: "vulkan", MemoryBytes: 32 << 30, TotalBytes: 32 << 30,
				BandwidthGBps: 608, FP16TFLOPs: 183.5}}}
		s := DefaultSettings()
		s.Context, s.PromptTokens = 8192, 1024
		fresh := mustEstimate(t, m, "Q4_K_M", hw, s)
		s.CachedTokens = 7168
		return fresh.PrefillTPS / mustEstimate(t, m, "Q4_K_M", hw, s).PrefillTPS
	}
	intel, amd := slowdown("Intel Arc Pro B70"), slowdown("AMD Radeon RX 7900 XTX")
	if intel < 2*amd {
		t.Errorf("7k cached tokens slow prefill %.2f× on Intel under Vulkan, %.2f× on AMD: Intel's flash attention rate is not applied", intel, amd)
	}
	ds := newDevSpeed(&Device{Name: "Intel Arc Pro B70", Backend: "vulkan", FP16TFLOPs: 183.5, BandwidthGBps: 608})
	if got := faPrefillRateOf(&ds); got != intelVulkanFAPrefill {
		t.Errorf("faPrefillRateOf(B70 under Vulkan) = %v", got)
	}
}
