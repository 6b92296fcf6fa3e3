package estimate

import (
	"strconv"
	"strings"
)

// Speed model (docs/estimation.md §5-6).
//
// Decode is memory-bandwidth bound: a token streams every active weight
// and the KV cache it attends to, device after device (layer split runs
// the layers in sequence), so
//
//	t_token = Σ_d bytes_d / (η_class · BW_d) + bytes_host / BW_cpu + t0_backend
//
// Prefill is compute bound: 2 × active parameters FLOPs per token plus the
// attention term, at a utilisation U_class of the device's dense FP16
// tensor peak (FP32 accumulate, the gpus.csv convention), with a memory
// floor of one weight pass per 512-token ubatch; host-resident weights are
// copied to the GPU over PCIe per ubatch (ggml-cuda offload_op, batch ≥ 32).
//
// η, t0 and U are fitted per device class on testdata/calibration_speed.csv
// (llama-bench, discussions #4167 and #15013) and, for ROCm/Vulkan/CPU, on
// testdata/calibration_extra.csv; calibration_test.go refits them
// (FITCHECK_FIT=1) and checks them on held-out rows.

// devClass groups devices that reach a similar fraction of their peaks.
type devClass uint8

const (
	clsCUDAConsumer       devClass = iota // GeForce RTX 30/40/50 (Ampere and newer)
	clsCUDAPro                            // Ampere-and-newer workstation/datacenter GDDR: RTX A/Ada/PRO, L4/L40, A10/A40
	clsCUDATuring                         // GeForce RTX 20 (Turing: older tensor-core MMQ path)
	clsCUDATuringPro                      // Quadro RTX, T4, Titan RTX
	clsCUDAHBM                            // HBM datacenter parts: V100, A100, A30, H100/H200, B200, Titan V
	clsCUDANoTensor                       // no tensor cores: Pascal (dp4a MMQ)
	clsCUDATuringNoTensor                 // no tensor cores on a Turing die: GTX 16xx (TU116/TU117)
	clsCUDANoDP4A                         // GP100 (Tesla P100, Quadro GP100, sm_60) and Maxwell (sm_5x): below llama.cpp's dp4a minimum
	clsCUDAIntegrated                     // Jetson, GB10 (unified LPDDR5X)
	clsMetal                              // Apple M-series
	clsMetalUltra                         // two-die Ultra chips
	clsROCm                               // Radeon (RDNA)
	clsROCmInstinct                       // Instinct MI (HBM)
	clsROCmGCN                            // Instinct MI25/MI50/MI60 (GCN, HBM2)
	clsVulkan                             // any discrete GPU through Vulkan
	clsSYCL                               // Intel Arc / Data Center GPU
	clsIGPU                               // integrated non-Apple GPUs (Strix Halo, Radeon 780M, Iris Xe)
	clsCPU
	numClasses
)

var classNames = [numClasses]string{"cuda", "cuda-pro", "cuda-turing", "cuda-turing-pro", "cuda-hbm", "cuda-pascal", "cuda-gtx16", "cuda-gp100", "cuda-igpu", "metal", "metal-ultra",
	"rocm", "rocm-instinct", "rocm-gcn", "vulkan", "sycl", "igpu", "cpu"}

// classParams: η = achieved fraction of peak memory bandwidth in decode,
// U = prefill utilisation of the FP16 tensor peak, band = 90th-percentile
// relative error of decode on the calibration rows (for Low/High).
type classParams struct {
	eta, util, band float64
}

// Fitted on the calibration rows (see calibration_test.go for the fit and
// the held-out check). U was refitted with the fixed per-layer prefill cost
// of prefill_layer.go (0.4 ms a layer and ubatch on GPUs): CUDA consumer
// 1.033 -> 1.265, pro 0.508 -> 0.619, Turing 0.686 -> 0.726, Turing pro
// 0.290 -> 0.307, HBM 0.245 -> 0.274, Pascal 1.075 -> 1.102, CUDA igpu
// 0.479 -> 0.505, Metal 0.730 -> 0.738, Metal Ultra 0.680 -> 0.700, ROCm
// 0.458 -> 0.477, Vulkan 0.297 -> 0.327, SYCL 0.263 -> 0.277 (the igpu U
// is fitted on hard_cases.csv, not here). CUDA consumer U exceeds what FP32-accumulate peaks
// suggest because llama.cpp's MMQ kernels run on INT8 tensor cores, which
// GeForce cards run at full rate.
var params = [numClasses]classParams{
	clsCUDAConsumer:       {eta: 0.932, util: 1.265, band: 0.17},
	clsCUDAPro:            {eta: 0.842, util: 0.619, band: 0.17},
	clsCUDATuring:         {eta: 0.749, util: 0.726, band: 0.25},
	clsCUDATuringPro:      {eta: 0.653, util: 0.307, band: 0.25},
	clsCUDAHBM:            {eta: 0.656, util: 0.274, band: 0.25},
	clsCUDANoTensor:       {eta: 0.592, util: 1.203, band: 0.30}, // U vs the FP32 peak: MMQ uses dp4a (4 int8 ops per lane); refitted without the GTX 1660 (0.645 / 1.102 with it)
	clsCUDATuringNoTensor: {eta: 0.869, util: 0.188, band: 0.30}, // GTX 16 (TU116/TU117): one card, the GTX 1660 of discussion #15013 (fa 0 and 1: pp512 149 and 154 t/s, a sixth of what Pascal's U gives its FP16 peak; llama.cpp warns of 'suboptimal performance due to a lack of tensor cores' on these dies); out of sample a GTX 1650 (hard_cases.csv offload_decode-312..317: −16 → −8 %)
	clsCUDANoDP4A:         {eta: 0.342, util: 0.525, band: 0.30}, // GP100 (sm_60) lacks __dp4a (llama.cpp ggml-cuda/common.cuh: GGML_CUDA_CC_DP4A 610, "minimum compute capability for __dp4a"), so its integer dot products run byte by byte: the two Tesla P100 calibration rows (Llama-2-7B Q4_0 58.4 / 62.0 t/s on 732 GB/s, below a GTX 1080 Ti's 62.5 on 484) fitted as their own class; with them in the Pascal class the joint CUDA fit moved t0 and every CUDA η (above, refitted: consumer 0.967 → 0.932, t0 1.475 → 1.404 ms). Out of sample: 17 multi-P100 rows collected after (hard_cases.csv apple_multigpu_decode-418..434), +23..+175 % → −29..+94 %; Maxwell (isMaxwell) joined for the same reason without a refit (no Maxwell calibration row): 11 held-out GTX 970M offload rows (offload_decode-263..284) +24..+129 % → −2..+99 %
	clsCUDAIntegrated:     {eta: 0.748, util: 0.505, band: 0.25},
	clsMetal:              {eta: 0.908, util: 0.738, band: 0.08},
	clsMetalUltra:         {eta: 0.798, util: 0.700, band: 0.10},
	clsROCm:               {eta: 0.900, util: 0.477, band: 0.35}, // discrete RDNA: η and t0 (rocmRDNALatency) fitted together on hard_cases.csv
	clsROCmInstinct:       {eta: 0.681, util: 0.245, band: 0.40}, // no rows: the CUDA HBM class
	clsROCmGCN:            {eta: 0.450, util: 0.245, band: 0.25}, // gpt-oss-120b on 2 and 6 MI50s (llama.cpp PR #19922; the 4-GPU row held out: +5 %)
	clsVulkan:             {eta: 0.850, util: 0.327, band: 0.45},
	clsSYCL:               {eta: 0.600, util: 0.277, band: 0.45}, // two rows that disagree (IPEX-LLM build vs 2024 mainline)
	clsIGPU:               {eta: 0.85, util: 0.260, band: 0.45},  // Strix Halo 2026 builds (hard_cases.csv fitting rows, ROCm and Vulkan): decode median lowest at η 0.86-0.90, where the 64k-depth rows turn +20 %, so 0.85; U 0.26 with expertHalfRows 32. The two older calibration_extra rows gave 0.72 / 0.21
	clsCPU:                {eta: 0.650, util: 0.700, band: 0.24}, // band: the p90 of group cpu_decode (23.6 %); η fitted on the fitting rows of groups offload_decode and cpu_decode of hard_cases.csv whose source states the host RAM's speed and channels (176 rows; ram_assumed rows carry a platform's rated peak, an upper bound that pulled η down): median / p90 |error| 11.1 / 26.8, 9.9 / 25.9, 9.2 / 25.1, 9.3 / 26.0, 9.6 / 26.4 % at 0.59 / 0.62 / 0.65 / 0.68 / 0.71 (0.59 before, fitted on all rows); hosts range from 0.34 (an EPYC 9355 VM) to 0.93 (a Ryzen 7 5700X at DDR4-3000 and at DDR4-2133, offload_decode-300..307)
}

// rocmRDNALatency is t0 for discrete RDNA cards under ROCm (clsROCm). The
// backend's 1.5 ms was a guess η had been fitted around (0.65, on the
// few ROCm calibration rows), and the 42 single- and multi-GPU RDNA decode
// rows of hard_cases.csv (28 fitting, 14 held out) showed its mark: small models estimated fast (Qwen3-0.6B
// on an RX 9070 XT +51 %, gemma-3-1b on two 7900 XTX +79 %), large ones
// slow (gemma-3-27b BF16 on two R9700 −29 %, 8B models −13..−20 %). t0 and
// η fitted together on the 28 fitting rows (held-out rows and the
// anomalous Qwen3-Next rows left out), grid 1.5-3.5 ms × 0.65-0.95: a
// ridge, t0 and η rising together; the lowest p90 of |error| is at 3.0 ms
// and 0.90 (median / p90 5.7 / 12.3 %, against 11.4 / 29.4 % before;
// 2.5 ms / 0.85: 5.8 / 14.4; 3.0 ms / 0.95: 3.0 / 13.8). Held out (14
// rows): 21.6 / 37.7 % against 26.6 / 65.7 %. HIP launches cost about
// twice CUDA's 1.475 ms here. The GCN (MI50) and Strix Halo classes keep
// the backend's t0, which their own constants were fitted with.
const rocmRDNALatency = 3.0e-3

// rocmRDNA3Latency is t0 for RDNA3 cards (gfx11: Radeon RX 7600-7900,
// Radeon PRO W7000) under ROCm. At rocmRDNALatency, whose fit RDNA4 rows
// dominate, their six fitting rows of hard_cases.csv (7900 XTX:
// Llama-3.1-8B Q4_K_M / Q5_K_M, DeepSeek-R1-Distill-Qwen-1.5B F16,
// gemma-3-1b, gpt-oss-20b; backend_vendor_decode-211..217) came out
// +11 % (signed median), 0.7-1.1 ms a token too fast at 24-32 layers
// whatever the model's size. A grid {3.0, 3.5, 4.0, 4.5, 5.0} ms on them
// (η kept) puts their median |error| lowest at 4.0 ms (1.9 %, mean 5.4 %).
// Held out, 11 RDNA3 rows (a 7900 XTX, 7900 GRE and 7600 XT of 2026 builds,
// 2-6 7900 XTX layer splits): signed median +27.8 % → +14.9 %.
const rocmRDNA3Latency = 4.0e-3

// isRDNA3 reports an RDNA3 (gfx11) card from an upper-case name.
func isRDNA3(n string) bool {
	return followedByDigits(n, "RX 7", 3) || followedByDigits(n, "PRO W7", 3)
}

// followedByDigits reports whether prefix occurs in n followed by at least
// k digits ("RX 7" and 3 in "RADEON RX 7900 XTX").
func followedByDigits(n, prefix string, k int) bool {
	for i := 0; ; {
		j := strings.Index(n[i:], prefix)
		if j < 0 {
			return false
		}
		d := i + j + len(prefix)
		if d+k <= len(n) && strings.IndexFunc(n[d:d+k], func(r rune) bool { return !isDigit(byte(r)) }) < 0 {
			return true
		}
		i = d
	}
}

// t0 per token and backend: kernel launches and synchronisation (fitted).
var tokenLatency = map[string]float64{
	"cuda": 1.404e-3, "metal": 5.13e-3, // fitted on 82 and 79 rows (cuda 1.59 ms until the GTX 1660 got its own class, 1.475 until the P100 did)
	"vulkan": 1.03e-3, "rocm": 1.5e-3, "sycl": 2e-3, "cpu": 0.5e-3, // under 10 rows: fixed guesses, η fitted around them
}

const (
	defaultPCIeGBps   = 31.5 // PCIe 4.0 x16 (16 × 1.969 GB/s) when a card's link is unknown
	pcieCopyEff       = 0.79 // pinned host→GPU copies: median measured/theoretical of 19 systems, PCIe 3.0 x4 to 5.0 x16 (testdata/pcie_copy_rates.csv, quoted in .md; TestPCIeCopyEff)
	cpuCoreGBps       = 11.0 // one core streams ~11 GB/s (i3-1315U 2 threads: 22 GB/s); now only the CPU prefill weight-pass floor: decode uses cpu_decode.go
	cpuClockGHz       = 3.0  // nominal clock for CPU prefill; an Arm core's own clock replaces it where known (cpu_prefill.go armFittedPipes)
	defaultRAMGBps    = 40   // dual-channel DDR4-2666 when the RAM bandwidth is unknown
	defaultGPUGBps    = 300  // when a GPU's bandwidth is unknown
	flashPrefillGain  = 1.11 // CUDA pp512 with -fa 1 vs 0: median of the 39 device pairs of #15013 (0.95-1.22)
	quantPrefillCost  = 0.90 // Metal pp512 Q4_0 and Q8_0 vs F16: median of the 23 chips of #4167 with all three
	attnDecodeUtil    = 0.25 // decode attention reaches a small fraction of peak FLOPs
	vllmUtil          = 0.55 // stas00 achievable matmul (0.80-0.87) × end-to-end losses
	vllmBand          = 0.35
	partialBandFactor = 1.2     // partial offload and MoE: the p90 of group offload_decode of hard_cases.csv (28.4 %) over the CPU band (0.24)
	moeLayerLatency   = 50e-6   // per MoE layer and token: router, top-k and gathered matmuls (~10 launches × 5 µs); checked on the fitting rows of hard_cases.csv (10-50 µs: offload p90 34.7 → 28.5 %, Apple p90 16.8 → 7.0 %; backend × vendor median 7.1 → 7.4 %): 50 kept
	expertHalfRows    = 32      // expert matmul rows at which prefill reaches half its peak (expertPrefillEff): fitted with the igpu U on the gpt-oss-20b/120b MXFP4 pp512 rows of hard_cases.csv (16 left them +23-51 % fast)
	latencyLayers     = 32      // layers of the model tokenLatency was fitted on (LLaMA-2-7B)
	gpuHopLatency     = 0.35e-3 // per token and GPU→GPU boundary of a layer split: gpt-oss-120b on 2/4/6 MI50s loses 0.44 and 0.30 ms per extra boundary (llama.cpp PR #19922)
)

// containsAny reports whether s contains any of subs.
func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// classify assigns a device to its class from backend, name and flags.
func classify(d *Device) devClass {
	n := strings.ToUpper(d.Name)
	has := func(s ...string) bool { return containsAny(n, s...) }
	switch strings.ToLower(d.Backend) {
	case "metal":
		if has("ULTRA") {
			return clsMetalUltra
		}
		return clsMetal
	case "rocm", "hip":
		if isGCN(n) { // MI25/50/60, Radeon VII, Vega, Polaris: the MI50's ISA family, not RDNA's
			return clsROCmGCN
		}
		if has("INSTINCT", "MI100", "MI210", "MI250", "MI300", "MI325", "MI355") {
			return clsROCmInstinct
		}
		if d.Unified {
			return clsIGPU
		}
		return clsROCm
	case "vulkan":
		if d.Unified {
			return clsIGPU
		}
		return clsVulkan
	case "sycl":
		if d.Unified {
			return clsIGPU
		}
		return clsSYCL
	case "cuda", "":
		switch {
		case d.Unified || has("JETSON", "ORIN", "GB10", "THOR", "SPARK"):
			return clsCUDAIntegrated
		case has("A100", "H100", "H200", "H800", "A800", "GH200", "B100", "B200", "B300", "GB200", "A30", "V100", "TITAN V"):
			return clsCUDAHBM
		case has("QUADRO RTX", "TITAN RTX", "T4"):
			return clsCUDATuringPro
		case has("RTX 20"):
			return clsCUDATuring
		case has("GTX 16"):
			return clsCUDATuringNoTensor
		case has("P100", "GP100") || isMaxwell(n):
			return clsCUDANoDP4A
		case has("GTX", "P100", "P40", "P4 ", "TESLA P", "TITAN X", "QUADRO P"):
			return clsCUDANoTensor
		case has("RTX A", "RTX PRO", " ADA", "QUADRO", "L40", "L4", "A40", "A10", "A16", "A2 "):
			return clsCUDAPro
		}
		return clsCUDAConsumer
	}
	return clsVulkan
}

// isMaxwell reports an NVIDIA Maxwell GPU (sm_50-53) from an upper-case
// name: GeForce GTX 745/750 and 9xx (desktop and M), GTX TITAN X (the
// Pascal TITAN X and Xp carry no "GTX"), Quadro M and Tesla M cards. Like
// GP100 they are below llama.cpp's __dp4a minimum (compute capability 6.1),
// so they share its class.
func isMaxwell(n string) bool {
	return containsAny(n, "GTX TITAN X", "GTX 745", "GTX 750") ||
		followedByDigits(n, "GTX 9", 1) || followedByDigits(n, "QUADRO M", 1) || followedByDigits(n, "TESLA M", 1)
}

func backendKey(b string) string {
	b = strings.ToLower(b)
	switch b {
	case "cuda", "rocm", "metal", "vulkan", "sycl":
		return b
	case "hip":
		return "rocm"
	case "":
		return "cuda"
	}
	return "vulkan"
}

// devSpeed is a device as the speed model sees it.
type devSpeed struct {
	cls devClass
	t0  float64 // per-token latency of the backend
	// buildFactor scales t0 for a current build (build_era.go);
	// dequantPerWeight is the M1/M2 Max dequantisation cost, seconds per
	// weight read on a current build (apple_dequant.go). Both are read off
	// the name once here, not per estimate.
	buildFactor, dequantPerWeight float64
	bw                            float64 // GB/s
	flops                         float64 // FLOP/s
	bwKnown                       bool
	backend                       string
	name                          string
	unified                       bool
	basisBW                       string     // "RTX 4090 1008 GB/s x 0.97"
	vendor                        *vendorEff // backend × vendor factors (vendor.go); nil: none
	// quantKey is the backend refined by GPU architecture for the
	// per-format decode factor (gpu_quant.go gpuQuantBackend).
	quantKey string
	l2       float64  // L2 cache bytes (NVIDIA, gpu_l2.go; 0 unknown)
	fp32     float64  // FP32 (CUDA-core) peak, FLOPS (NVIDIA, gpu_fp32.go; 0 unknown)
	link     float64  // host→GPU link, GB/s before overhead (defaultPCIeGBps when unknown)
	arch     cudaArch // NVIDIA generation (fattn_decode.go); archUnknown elsewhere
	fp4MMA   bool     // consumer Blackwell's FP4 tensor-core instruction (native_mxfp4.go)
	// powerGain is what the board power limit adds to the prefill rate
	// (power_limit.go): negative under a cap, 0 at the reference power or
	// unknown, so a zero devSpeed is a card at its reference power.
	powerGain  float64
	powerBasis string // "; power limit 220 of 350 W: prefill x 0.71", "" when it changes nothing
}

func fmtF(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

func newDevSpeed(d *Device) devSpeed {
	c := classify(d)
	ds := devSpeed{cls: c, bw: d.BandwidthGBps, bwKnown: d.BandwidthGBps > 0, backend: backendKey(d.Backend), name: d.Name, unified: d.Unified,
		link: d.PCIeGBps}
	if ds.link <= 0 {
		ds.link = defaultPCIeGBps
	}
	ds.t0 = tokenLatency[ds.backend]
	if c == clsROCm {
		ds.t0 = rocmRDNALatency
		if isRDNA3(strings.ToUpper(d.Name)) {
			ds.t0 = rocmRDNA3Latency
		}
	}
	if !ds.bwKnown {
		ds.bw = defaultGPUGBps
	}
	ds.flops = d.FP16TFLOPs * 1e12
	if ds.flops <= 0 {
		r := geforceGenPeakPerGBps(d.Name)
		if r == 0 {
			r = unknownPeakPerGBps(c)
		}
		ds.flops = ds.bw * r
	}
	name := d.Name
	if name == "" {
		name = "GPU"
	}
	bw := fmtF(ds.bw, 0) + " GB/s"
	if !ds.bwKnown {
		bw += " (assumed)"
	}
	ds.basisBW = name + " " + bw + " x " + fmtF(params[c].eta, 2)
	ds.vendor = vendorEffFor(ds.backend, ds.name)
	ds.buildFactor = buildLatencyFactor(&ds)
	ds.dequantPerWeight = appleDequantPerWeight(&ds)
	ds.quantKey = gpuQuantBackend(ds.backend, ds.name)
	if ds.backend == "cuda" {
		ds.arch = cudaArchOf(ds.name)
		ds.l2 = cudaL2(ds.name, ds.arch)
		ds.fp32 = gpuFP32TFLOPS(ds.name) * 1e12
		ds.fp4MMA = hasFP4MMA(ds.name)
	}
	if ds.vendor != nil {
		ds.basisBW += ds.vendor.basis()
	}
	if f := powerLimitPrefillFactor(d.PowerLimitW, d.PowerRefW); f != 1 {
		ds.powerGain = f - 1
		ds.powerBasis = "; power limit " + fmtF(d.PowerLimitW, 0) + " of " + fmtF(d.PowerRefW, 0) + " W: prefill x " + fmtF(f, 2)
	}
	return ds
}

// cpuSpeed: decode streams at min(η·RAM bandwidth, cores × the per-core
// rate of the quantisation, cpu_decode.go); prefill runs at cores × FP32 FLOPs per cycle (AVX-512 64,
// AVX2 32, NEON 32 for four 128-bit pipes) × a nominal 3 GHz × U; an Arm
// core of known type and clock takes its own pipes and clock, one without
// int8 dot products cpuNoDotFLOPS (cpu_prefill.go).
type cpuSpeed struct {
	bw, flops float64
	basis     string
	// Decode per quantisation (cpu_decode.go): η·RAM in bytes/s and the
	// cores; arm: NEON (Q4_0/IQ4_NL are repacked: cpuQuantPrefill,
	// cpuCoreRate).
	ramBW float64
	cores int
	arm   bool
	// noDot: an Arm core without the int8 dot-product instructions
	// (ARMv8.0: a Raspberry Pi 4's Cortex-A72), cpu_prefill.go.
	noDot bool
	// i8mm (Arm int8 matrix multiply) and avx512 pick the repacked GEMMs
	// of current builds (cpu_repack.go).
	i8mm, avx512 bool
	// apple: Apple M-series cores, whose 16-bit float matmuls macOS builds
	// hand to Accelerate (cpu_prefill.go cpuFloatArmLinux).
	apple bool
	// note says in the basis what set an Arm core's rate: its type, pipes,
	// clock, missing dot products; "" for the default rate.
	note string
}

func newCPUSpeed(hw *Hardware) cpuSpeed {
	cores := hw.CPUCores
	if cores <= 0 {
		cores = 4
	}
	ram := ramPeakGBps(hw)
	assumed := ""
	if hw.RAMBandwidthMeasured && ram > 0 {
		assumed = " (" + fmtF(hw.RAMBandwidthGBps, 0) + " GB/s measured, on the peak basis)"
	}
	if ram <= 0 {
		ram = defaultRAMGBps
		assumed = " (assumed)"
	}
	bw := params[clsCPU].eta * ram
	if c := float64(cores) * cpuCoreGBps; c < bw {
		bw = c
	}
	perCycle := 16.0
	arm, dot, i8mm, avx512 := false, false, false, false
	for _, f := range hw.CPUFeatures {
		switch strings.ToLower(f) {
		case "dotprod", "asimddp":
			dot = true
		case "i8mm":
			i8mm = true
		case "neon", "asimd":
			// Four 128-bit FMA pipes (Apple P-cores, Cortex-X): 16 left
			// the ARM fitting rows of hard_cases.csv 1.6-2.9x slow once
			// the per-quant rates (cpu_prefill.go) apply, and a grid over
			// {32, 36, 40, 48} on the prefill fitting rows of the time was
			// lowest at 32. An Arm core of known type and clock scales
			// from it (arm_cpu.go).
			perCycle = max(perCycle, 32)
			arm = true
		case "avx512f", "avx512":
			perCycle = max(perCycle, 64)
			avx512 = true
		case "avx2":
			perCycle = max(perCycle, 32)
		}
	}
	flops := float64(cores) * perCycle * cpuClockGHz * 1e9
	var noDot, apple bool
	var note string
	switch {
	case arm && isAppleCore(hw.CPUModel):
		flops *= appleCorePrefill // cpu_prefill.go
		dot, apple = true, true
	case arm:
		var units float64
		units, noDot, note = armCapacity(hw, dot, cores) // arm_cpu.go
		flops = units * perCycle * cpuClockGHz * 1e9
		dot = !noDot
	}
	return cpuSpeed{
		bw:     bw * 1e9,
		flops:  flops,
		basis:  "RAM " + fmtF(ram, 0) + " GB/s" + assumed,
		ramBW:  params[clsCPU].eta * ram * 1e9,
		cores:  cores,
		arm:    arm,
		noDot:  noDot,
		i8mm:   i8mm && dot,
		apple:  apple,
		note:   note,
		avx512: avx512,
	}
}

// hostCopyGBps is the rate at which the GPU receives host weights for a
// prefill ubatch: from the pinned host buffer that holds -ngl's CPU layers,
// and from the mmap'd file that holds --n-cpu-moe experts, whose copy is
// the CPU's through pinned staging at pageableRAMShare of the RAM's peak
// ramGBps (prefill_fits.go). The staging copy overlaps the DMA, so a link
// slower than it caps them too; no published pageable figure on a narrow
// link checks it (testdata/pcie_copy_rates.md: 0.43-0.77 of pinned on x16
// links).
func (ds *devSpeed) hostCopyGBps(ramGBps float64) (pinned, pageable float64) {
	pinned = ds.link * pcieCopyEff
	return pinned, min(pageableRAMShare*ramGBps, pinned)
}

// unknownPeakPerGBps stands in for an unknown FP16 peak: the median TFLOPS
// per GB/s of the calibration devices of the same kind
// (testdata/calibration_devices.csv, TestUnknownPeakRatios recomputes
// them): 0.031 for Apple GPUs (28 chips), 0.029 for NVIDIA cards without
// tensor cores (6: Pascal and a GTX 1660, whose FP32 or FP16 rate is their
// peak), 0.146 for the 37 NVIDIA cards with tensor cores, which other
// vendors' unknown cards take too. One ratio for all 43 NVIDIA cards (0.139)
// gave a GTX 1060 27 TFLOPS where its own log implies about 6
// (hard_cases.csv prefill-374..380).
//
// Three GeForce generations sit far from the tensor-core median and take
// their own (geforceGenPeakPerGBps): the calibration's RTX 20 cards
// (Turing: 2060 SUPER, 2070 SUPER, 2080 Ti) 0.081, RTX 30 (Ampere: 3060,
// 3080, 3090, 3090 Ti) 0.077 and RTX 50 (Blackwell: 5060 Ti to 5090)
// 0.106, where the FP16 rate with FP32 accumulate, the convention of the
// accelerator table, is half the tensor rate and the memory is wide. The
// RTX 40 cards' own median (0.144) is the tensor-core one within 2 %: they
// keep it. Without it an RTX 3080 Ti, whose peak no source in the table
// gives, was estimated at 133 TFLOPS, 1.9x the RTX 3090's 71 from a
// narrower bus of the same chip, and its gpt-oss prefill +105 %
// (hard_cases.csv prefill-2269; +16 % at its generation's ratio, 70).
func unknownPeakPerGBps(c devClass) float64 {
	switch c {
	case clsMetal, clsMetalUltra:
		return 0.031e12
	case clsCUDANoTensor, clsCUDATuringNoTensor, clsCUDANoDP4A:
		return 0.029e12
	}
	return 0.146e12
}

// geforceGenPeakPerGBps is the unknown-peak ratio of a GeForce RTX 20, 30
// or 50 card, 0 for any other device.
func geforceGenPeakPerGBps(name string) float64 {
	switch geforceSeries(name) {
	case '2':
		return 0.081e12
	case '3':
		return 0.077e12
	case '5':
		return 0.106e12
	}
	return 0
}

// geforceSeries is the generation digit of a GeForce RTX model number
// (2050-2090, 3050-3090, 4050-4090, 5050-5090, laptop parts included), 0
// for any other name. Unlike rtxSeries it does not take the workstation
// RTX 2000/3000/5000 (Ada, Quadro), whose numbers end in 00.
func geforceSeries(name string) byte {
	n := strings.ToUpper(name)
	i := strings.Index(n, "RTX ")
	if i < 0 || len(n) < i+8 {
		return 0
	}
	m := n[i+4 : i+8]
	if m[0] < '2' || m[0] > '5' || m[1] != '0' || m[3] != '0' || m[2] < '5' || m[2] > '9' || (i+8 < len(n) && isDigit(n[i+8])) {
		return 0
	}
	return m[0]
}
