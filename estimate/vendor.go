package estimate

import "strings"

// Backend × vendor efficiency. The Vulkan class constants (speed.go) were
// fitted on AMD and NVIDIA cards, whose Vulkan drivers run ggml-vulkan's
// shaders near the memory bandwidth. Intel's and Apple's do not: the same
// llama.cpp build decodes 2-4× slower there than η·bandwidth says.
//
// vendorEff scales the decode of one (backend, vendor) pair:
//
//   - etaQuant / etaQ4_0 / etaUnquant multiply the class η for the bytes a
//     token streams (weights and KV cache) when the file is a k-quant,
//     Q8_0 or MXFP4 / Q4_0 / BF16-F16-F32: the dequantising mat-vec shaders
//     are what runs slowly, not the memory;
//
//   - moeLayer replaces moeLayerLatency (seconds per MoE layer and token);
//
//   - layerLatency adds seconds per layer and token on the device: small
//     ops that cost more on its driver than the backend's t0 allows;
//
//   - attnFLOPS, when set, is the rate of decode attention (the generic
//     model takes attnDecodeUtil of the FP16 peak).
//
//   - prefillU and expertPrefill scale prefill the same way.
type vendorEff struct {
	etaQuant, etaQ4_0, etaUnquant float64
	moeLayer                      float64
	attnFLOPS                     float64
	prefillU, expertPrefill       float64 // prefill: × the class U, × the routed-expert cost (0: unchanged)
	faPrefill                     float64 // prefill: flash attention over cached keys, share of the FP16 peak (0: the class's faPrefillRate)
	layerLatency                  float64 // seconds per layer and token of small ops on the device, every build (0: none)
	wideFAPrefill, wideFADecode   float64 // flash attention of heads over 256 (wide_head_fa.go): prefill share of the FP16 peak, decode FLOPS (0: as other heads)
	name                          string  // for the basis string
}

// intelVulkan: an Intel Arc discrete GPU under Vulkan (Mesa ANV), fitted on
// the fitting rows of testdata/hard_cases.csv backend_vendor_decode-82..94
// and prefill-200..206 (Arc Pro B70, llama.cpp build 9039,
// kyuz0/intel-b70-ai-toolboxes@8892644 llama-bench logs; one
// PMZFX/intel-arc-pro-b70-benchmarks b8064 row). The same card and build
// under SYCL decodes at the generic SYCL η (contrast rows -95..-98, left
// alone): the hardware reaches its bandwidth, Vulkan does not. What the rows
// separate, each constant from its own rows (t/s implied per token):
//   - quantised dense weights stream at a fraction of η: Llama-2-7B Q4_0
//     needs 0.70 (row 82, the one Q4_0 row: a second constant for it
//     halves the fitting rows' mean error, 11.5 → 6.8 %), the k-quant and
//     Q8_0 files 0.36-0.50 (rows 84, 87, 88: Qwen3.6-27B and gemma-4-31B
//     Q4_K, Qwen3.5-9B Q8_0), while BF16 weights of the same Qwen3.5-9B
//     decode at the class η (row 90, +13 %), faster than its Q8_0 file with
//     72 % of the bytes: the dequantising mat-vec shaders are the limit;
//   - every MoE layer costs about 0.4 ms a token (gpt-oss-20b 22.4 ms,
//     gemma-4-26B-A4B 26.5 ms a token against 5-6 ms of weights; rows 83,
//     86), against 50 µs on AMD Vulkan (Strix Halo rows); why (a wait per
//     expert dispatch?) is not separated by these rows;
//   - decode attention at 16k depth runs at ~0.3 TFLOPS: gpt-oss-20b gains
//     12.1 ms a token from depth 0 to 16384 (row 92), 267 GFLOPS of
//     4·head_dim·q-heads FLOPs per key; Llama-2-7B's log shows the same rate
//     (288 GFLOPS, +29.8 ms) but is not a row, its 16k depth being past the
//     model's 4k context, which fitcheck clamps to;
//   - prefill reaches 0.43 of the Vulkan class U on dense models (median of
//     rows 200, 202, 205, 206: 0.32-0.58 of it) and routed experts cost 2.1×
//     on top (rows 201, 204).
//
// Values: a grid over (etaQuant, etaQ4_0, moeLayer, attnFLOPS) minimising
// the mean |error| of the decode fitting rows except the noisy b8064 one
// (±18 %, t0-bound: +72 % after the fit), and over (prefillU,
// expertPrefill) minimising that of the prefill fitting rows. Held out:
// decode rows 85, 89, 93, 97 and prefill 203, 207. Integrated Intel GPUs
// get the same factors: the driver (Mesa ANV) and ggml-vulkan's shaders are
// the same, and Lunar Lake's Arc 140V is the B70's Xe2 architecture. Checked
// on two held-out Lunar Lake rows (prefill-366, -367: Llama-3.2-1B BF16,
// a 2026 build; +128 % and +89 % with the generic class, −1 % and −17 %
// with this factor); no integrated-GPU decode row has a sourced bandwidth.
// All fitting rows are Linux (Mesa ANV); a B70 owner reports Vulkan about
// twice as fast under Windows' driver (llama.cpp issue #22413), not
// modelled, so Windows may be estimated pessimistically.
var intelVulkan = vendorEff{etaQuant: 0.40, etaQ4_0: 0.70, etaUnquant: 1, moeLayer: 0.40e-3, attnFLOPS: 0.32e12, prefillU: 0.43, expertPrefill: 2.1, faPrefill: intelVulkanFAPrefill,
	wideFAPrefill: intelWideFAPrefill, wideFADecode: intelWideFADecode, name: "Intel under Vulkan"}

// intelVulkanFAPrefill: flash attention over cached keys during prefill
// on Intel under Vulkan runs at 0.014 of the FP16 (XMX) peak, 2.6 TFLOPS
// on an Arc Pro B70, where the Vulkan class has no rate of its own and
// charged it at the matmul rate (0.43 × U): the B70's gpt-oss and
// Qwen3.6 pp2048 runs after 16384 cached tokens
// (kyuz0/intel-b70-ai-toolboxes@8892644, build 9039, the build the factors
// above were fitted on; hard_cases.csv prefill-2038..2040) took 1.9-2.5×
// the time the matmul rate allowed.
// Decode attention on the same card is slow the same way (attnFLOPS).
// A grid over {0.01 .. 0.12} on the fitting rows (2036, 2038, 2040)
// minimising their median |error| lands at 0.014 (gpt-oss-20b +0.7 %,
// Qwen3.6-35B-A3B −1.1 %); held out: Qwen3.6-27B (prefill-2039) +101 →
// +1.2 % and an Arc 140T's pp1024, whose second ubatch attends to the
// first's keys (prefill-1963, Windows) +87 → +38 %. Gemma 4 on this card
// and build stays 10-11× too fast (prefill-2036/-2037: SYCL runs the same
// files 11-15× faster, a Gemma-4-specific Vulkan path on Intel that this
// rate does not describe). llama.cpp issue #27638 reports Vulkan flash
// attention slowing with context on Intel's Mesa driver as well.
const intelVulkanFAPrefill = 0.014

// alchemistVulkan: Intel's Xe-HPG cards (Arc A-series, DG2) under Vulkan
// run matrix multiplications on their vector engines (intelNoMatrixCores): ggml-vulkan enables
// cooperative matrices (the XMX engines) on Intel for Xe2 only, since
// PR #14001 (2025-06) measured a regression on the A770 with them ("enable
// VK_KHR_cooperative_matrix only for Xe2 GPUs until performance regression
// is resolved for older GPUs"; the 2026 code still returns
// arch == INTEL_XE2, an Arc A770 logging "matrix cores: none"). An Xe-HPG
// vector engine is 256 bits wide against its XMX engine's 1024, so the
// vector path has a quarter of the FP16 peak the accelerator table lists
// (A770: 137.6 XMX, 34.4 vector at the same 2.1 GHz). Prefill takes the
// Xe2 utilisation of that quarter; decode keeps the Xe2 factors (no row
// separates them). Checked on one held-out row, PR #14001's A770 under
// Windows (prefill-370, gemma-2-2b Q4_K_M pp512 974.92: +341 % before,
// +18 % with it); the same card under Linux's Mesa 24.2.8 of that
// date was 2.9× slower again (prefill-373), a driver state not modelled.
var alchemistVulkan = func() vendorEff {
	v := intelVulkan
	v.prefillU *= intelVectorShare
	v.name = "Intel Xe-HPG under Vulkan (no matrix cores)"
	return v
}()

// intelVectorShare: an Intel Xe core's vector engines have a quarter of
// its XMX engines' width, on Xe-HPG (16 × 256-bit against 16 × 1024-bit)
// and on Xe2 ("8 x 512-bit vector engines, 8 x 2048-bit XMX engines",
// Intel's Xe2 core disclosure as reported by
// https://dsogaming.com/news/intel-battlemage-gpus-are-not-dead-or-canceled-first-xe2-architecture-core-details).
const intelVectorShare = 0.25

// intelNoMatrixCores is the prefill factor for the matrix engines a build
// leaves unused: before b5589 (Settings.NoIntelCoopmat) ggml-vulkan ran
// no cooperative matrices on any Intel GPU. PR #14001 (b5583 → b5589,
// June 2025) turned them on for Xe2 and measured Lunar Lake and an Arc
// B580 2.8-3.3× faster under Windows and 1.4× under Mesa 24.2.8
// (gemma-2-2b Q4_K_M pp512), while the A770 (Xe-HPG, left off) did not
// move. Xe-HPG's factor is in alchemistVulkan already.
func intelNoMatrixCores(v *vendorEff, s *Settings) float64 {
	if v == &intelVulkan && (s.NoIntelCoopmat || s.LegacyBuild) {
		return intelVectorShare
	}
	return 1
}

// isAlchemist reports an Intel Xe-HPG card name: Arc A310-A770 and Arc Pro
// A-series, or a device ggml-vulkan names by its DG2 die.
func isAlchemist(n string) bool {
	return strings.Contains(n, "DG2") || followedByDigits(n, "ARC A", 1) || followedByDigits(n, "ARC(TM) A", 1) ||
		followedByDigits(n, "ARC PRO A", 1) || followedByDigits(n, "ARC(TM) PRO A", 1)
}

// appleVulkan: Apple M-series GPUs under Vulkan. Fitted on two rows, both
// Asahi Linux's Honeykrisp driver (hard_cases.csv backend_vendor_decode-99,
// -100: M1 Ultra Llama-2-7B Q4_0 33.86 t/s with a 2026-06 build, llama.cpp
// PR #24306; M2 Max Mistral-7B Q4_K_M 21.93 t/s, build 4391, issue #10982):
// they need 0.20 and 0.28 of the class η; 0.24 (their geometric mean) puts
// both within ±20 %. No held-out row: two were all that were found, and
// none for MoltenVK on macOS, which this factor is applied to as well.
var appleVulkan = vendorEff{etaQuant: 0.24, etaQ4_0: 0.24, etaUnquant: 0.24, name: "Apple under Vulkan"}

// amdGCNVulkan: AMD's GCN cards (Polaris RX 4x0/5x0, Vega, Radeon VII)
// under Vulkan reach about two thirds of the share of their bandwidth
// that RDNA cards reach with the same shaders (testdata/vulkan_gcn.csv:
// median η 0.38 of 6 GCN rows against 0.56 of 5 RDNA rows; within one
// llama.cpp thread, PR #13324, an RX 480 0.376 and an RX 5700 XT 0.556;
// vendor_test.go TestGCNVulkanFactor refits it). The Vulkan class η was
// fitted on RDNA and NVIDIA cards. Checked on a source not used for it:
// an RX 570 in a VM (hard_cases.csv offload_decode-148..170), whose owner
// profiles 35 ms of GPU kernels a token.
var amdGCNVulkan = vendorEff{etaQuant: gcnVulkanEff, etaQ4_0: gcnVulkanEff, etaUnquant: gcnVulkanEff, name: "AMD GCN under Vulkan"}

const gcnVulkanEff = 0.68

// polarisVulkan: AMD's Polaris cards (GCN 4: Radeon RX 470-590) under
// Vulkan, from one token's kernel profile on an RX 570 (Mesa 26.1.2 RADV,
// llama.cpp 8212c78 of 2026-09, GGML_VK_PERF_LOGGER; voxlo-dev/qwen-agent-8gb
// docs/qwen.md at 58f4dda3, "Where a token's time goes"): 35 ms of GPU
// kernels for Qwen3.6-35B-A3B with every expert in RAM, of which the
// weight mat-vecs take 35 % "at ~165 GB/s, about three quarters of the
// card's bandwidth", flash attention 18 %, the output head 7 % and the
// delta-net kernel 3 %. The other 37 % (13 ms) are small ops (norms,
// gating, router, copies), 0.32 ms per layer of the 40: on Polaris each
// op costs far more than the Vulkan t0 (1 ms per 32 layers) allows.
//   - polarisEta: the mat-vecs' share of bandwidth as a multiple of the
//     Vulkan class η: 165 / 224 / 0.85 = 0.87.
//   - polarisLayer: 0.37 × 35 ms / 40 layers = 0.32 ms per layer and token.
//
// Neither is fitted on decode rates. Before, Polaris took the GCN factor
// (0.68, fitted on 2024-25 tables that fold this cost into η), and the
// same owner's 21 offload rows (hard_cases.csv offload_decode-150..170) came
// out +31..+46 %; with the pair, +0..+18 %. What is left is not separated:
// at 25k depth the profile's flash attention takes 6.3 ms where the q8_0
// cache's bytes at the mat-vecs' rate take 1.6 ms, and the owner measured
// -t 7 10 % faster than the rows' -t 8 on the VM's 8 vCPUs. The Polaris
// tables of testdata/vulkan_gcn.csv (older builds) agree better with the
// pair than with the GCN factor (TestPolarisVulkanPair). Vega and older GCN
// keep the factor: a 2026 MI50 log under Vulkan decodes 40-layer
// Qwen3.6-35B-A3B in 13.7 ms a token, no room for such a per-layer cost.
var polarisVulkan = vendorEff{etaQuant: polarisEta, etaQ4_0: polarisEta, etaUnquant: polarisEta, layerLatency: polarisLayer, name: "AMD Polaris under Vulkan"}

const (
	polarisEta   = 0.87
	polarisLayer = 0.32e-3
)

// isPolaris reports a GCN 4 card (isGCN's Radeon RX 4x0/5x0, or a device
// named by its Polaris die) from an upper-case name.
func isPolaris(n string) bool {
	return isGCN(n) && !containsAny(n, "VEGA", "RADEON VII", "MI25", "MI50", "MI60", "R9 ", "FURY")
}

// isGCN reports an AMD GCN card name: Radeon RX 4x0/5x0 (Polaris; the
// four-digit RX 5500/5600/5700 are RDNA), Vega, Radeon VII, R9 and Fury,
// and the Vega-based Instinct MI25/MI50/MI60 (as classify names them).
func isGCN(n string) bool {
	if containsAny(n, "VEGA", "RADEON VII", "POLARIS", "R9 ", "FURY") {
		return true
	}
	if containsAny(n, "MI25", "MI50", "MI60") && !strings.Contains(n, "MI250") {
		return true
	}
	for i := 0; ; {
		j := strings.Index(n[i:], "RX ")
		if j < 0 {
			return false
		}
		k := i + j + 3
		if k+3 <= len(n) && (n[k] == '4' || n[k] == '5') && isDigit(n[k+1]) && isDigit(n[k+2]) && (k+3 == len(n) || !isDigit(n[k+3])) {
			return true
		}
		i = k
	}
}

// gpuVendor reads the vendor from a device name as fitcheck's database and
// ggml's Vulkan device list spell it ("Intel Arc B580", "Intel(R) Arc(TM)
// A770 Graphics", "Intel(R) Graphics (BMG G31)", "Apple M1 Ultra (G13D C0)").
func gpuVendor(name string) string {
	n := strings.ToUpper(name)
	switch {
	case strings.Contains(n, "INTEL"), strings.HasPrefix(n, "ARC "):
		return "intel"
	case strings.Contains(n, "APPLE"):
		return "apple"
	case isGCN(n):
		return "amd-gcn"
	}
	return ""
}

// vendorEffFor is the vendor efficiency of a device (discrete or
// integrated), or nil when the class constants hold. newDevSpeed stores it (devSpeed.vendor), so the speed
// loop does not re-read the name.
func vendorEffFor(backend, name string) *vendorEff {
	if backend != "vulkan" {
		return nil
	}
	switch gpuVendor(name) {
	case "intel":
		if isAlchemist(strings.ToUpper(name)) {
			return &alchemistVulkan
		}
		return &intelVulkan
	case "apple":
		return &appleVulkan
	case "amd-gcn":
		if isPolaris(strings.ToUpper(name)) {
			return &polarisVulkan
		}
		return &amdGCNVulkan
	}
	return nil
}

// etaFactor is the multiplier of the class η for a file of quantisation q.
func (v *vendorEff) etaFactor(q string) float64 {
	if v == nil {
		return 1
	}
	switch q {
	case "BF16", "F16", "FP16", "F32", "FP32":
		return v.etaUnquant
	case "Q4_0":
		return v.etaQ4_0
	}
	return v.etaQuant
}

// basis says in the speed basis that a vendor factor applies.
func (v *vendorEff) basis() string {
	var b string
	if v.etaQuant == v.etaQ4_0 && v.etaQuant == v.etaUnquant {
		b = " x " + fmtF(v.etaQuant, 2) + " (" + v.name
	} else {
		b = " x " + fmtF(v.etaQuant, 2) + " quantised, " + fmtF(v.etaQ4_0, 2) + " Q4_0, " + fmtF(v.etaUnquant, 2) + " BF16 (" + v.name
	}
	if v.layerLatency > 0 {
		b += ", + " + fmtF(v.layerLatency*1e3, 2) + " ms per layer"
	}
	return b + ")"
}
