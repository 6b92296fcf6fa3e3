package estimate

import "slices"

// Peak FP32 rates of NVIDIA GPUs (CUDA cores, no tensor cores, dense, boost
// clock), for the one prefill kernel that runs on CUDA cores only: the fused
// gated-delta-net recurrence (deltanet_prefill.go). Every value is from the
// page named in testdata/gpu_fp32.csv, whose rows TestGPUFP32Table checks this
// table against; a card with no source stays out and gets 0.

// gpuFP32Entry matches a name as gpuL2Entry does (gpu_l2.go).
type gpuFP32Entry struct {
	seq, not, notAny []string
	tflops           float64
}

// gpuFP32Table is read-only.
var gpuFP32Table = []gpuFP32Entry{
	{seq: []string{"gtx", "1080", "with", "max", "q"}, tflops: 7.52},     // NVIDIA GeForce GTX 1080 with Max-Q Design
	{seq: []string{"gtx", "1070", "with", "max", "q"}, tflops: 5.65},     // NVIDIA GeForce GTX 1070 with Max-Q Design
	{seq: []string{"gtx", "1060", "with", "max", "q"}, tflops: 3.79},     // NVIDIA GeForce GTX 1060 with Max-Q Design
	{seq: []string{"rtx", "4070", "ti", "super"}, tflops: 44.1},          // NVIDIA GeForce RTX 4070 Ti SUPER
	{seq: []string{"rtx", "pro", "6000"}, tflops: 125},                   // NVIDIA RTX PRO 6000 Blackwell
	{seq: []string{"rtx", "6000", "ada"}, tflops: 91.1},                  // NVIDIA RTX 6000 Ada Generation
	{seq: []string{"rtx", "5000", "ada"}, tflops: 65.3},                  // NVIDIA RTX 5000 Ada Generation
	{seq: []string{"rtx", "4500", "ada"}, tflops: 40},                    // NVIDIA RTX 4500 Ada Generation
	{seq: []string{"rtx", "4000", "ada"}, tflops: 27},                    // NVIDIA RTX 4000 Ada Generation
	{seq: []string{"rtx", "5070", "ti"}, tflops: 43.94},                  // NVIDIA GeForce RTX 5070 Ti
	{seq: []string{"rtx", "5060", "ti"}, tflops: 23.7},                   // NVIDIA GeForce RTX 5060 Ti
	{seq: []string{"rtx", "4090", "d"}, tflops: 73.54},                   // NVIDIA GeForce RTX 4090 D
	{seq: []string{"rtx", "4080", "super"}, tflops: 52.22},               // NVIDIA GeForce RTX 4080 SUPER
	{seq: []string{"rtx", "4070", "ti"}, tflops: 40.09},                  // NVIDIA GeForce RTX 4070 Ti
	{seq: []string{"rtx", "4070", "super"}, tflops: 35.48},               // NVIDIA GeForce RTX 4070 SUPER
	{seq: []string{"rtx", "4060", "ti"}, tflops: 22.06},                  // NVIDIA GeForce RTX 4060 Ti
	{seq: []string{"rtx", "3090", "ti"}, tflops: 40},                     // NVIDIA GeForce RTX 3090 Ti
	{seq: []string{"rtx", "3080", "ti"}, tflops: 34.1},                   // NVIDIA GeForce RTX 3080 Ti
	{seq: []string{"rtx", "3080", "12gb"}, tflops: 30.64},                // NVIDIA GeForce RTX 3080 12GB
	{seq: []string{"rtx", "3070", "ti"}, tflops: 21.75},                  // NVIDIA GeForce RTX 3070 Ti
	{seq: []string{"rtx", "3060", "ti"}, tflops: 16.2},                   // NVIDIA GeForce RTX 3060 Ti
	{seq: []string{"rtx", "2080", "ti"}, tflops: 13.45},                  // NVIDIA GeForce RTX 2080 Ti
	{seq: []string{"rtx", "2080", "super"}, tflops: 11.15},               // NVIDIA GeForce RTX 2080 SUPER
	{seq: []string{"rtx", "2070", "super"}, tflops: 9.06},                // NVIDIA GeForce RTX 2070 SUPER
	{seq: []string{"rtx", "2060", "super"}, tflops: 7.18},                // NVIDIA GeForce RTX 2060 SUPER
	{seq: []string{"rtx", "4090", "laptop"}, tflops: 50.2},               // NVIDIA GeForce RTX 4090 Laptop GPU
	{seq: []string{"rtx", "4080", "laptop"}, tflops: 33.85},              // NVIDIA GeForce RTX 4080 Laptop GPU
	{seq: []string{"rtx", "4070", "laptop"}, tflops: 20.04},              // NVIDIA GeForce RTX 4070 Laptop GPU
	{seq: []string{"rtx", "4060", "laptop"}, tflops: 14.56},              // NVIDIA GeForce RTX 4060 Laptop GPU
	{seq: []string{"rtx", "3080", "laptop"}, tflops: 22.24},              // NVIDIA GeForce RTX 3080 Laptop GPU
	{seq: []string{"gtx", "1660", "ti"}, tflops: 5.44},                   // NVIDIA GeForce GTX 1660 Ti
	{seq: []string{"gtx", "1660", "super"}, tflops: 5.03},                // NVIDIA GeForce GTX 1660 SUPER
	{seq: []string{"gtx", "1650", "super"}, tflops: 4.42},                // NVIDIA GeForce GTX 1650 SUPER
	{seq: []string{"gtx", "1650", "gddr6"}, tflops: 2.85},                // NVIDIA GeForce GTX 1650 (GDDR6)
	{seq: []string{"gtx", "1080", "ti"}, tflops: 11.34},                  // NVIDIA GeForce GTX 1080 Ti
	{seq: []string{"titan", "x", "pascal"}, tflops: 10.97},               // NVIDIA TITAN X (Pascal)
	{seq: []string{"gtx", "1070", "ti"}, tflops: 8.19},                   // NVIDIA GeForce GTX 1070 Ti
	{seq: []string{"gtx", "1060", "6gb"}, tflops: 4.37},                  // NVIDIA GeForce GTX 1060 6GB
	{seq: []string{"gtx", "1050", "ti"}, tflops: 2.14},                   // NVIDIA GeForce GTX 1050 Ti
	{seq: []string{"gtx", "980", "ti"}, tflops: 6.06},                    // NVIDIA GeForce GTX 980 Ti
	{seq: []string{"gtx", "1080", "laptop"}, tflops: 8.87},               // NVIDIA GeForce GTX 1080 Laptop
	{seq: []string{"gtx", "1070", "laptop"}, tflops: 6.74},               // NVIDIA GeForce GTX 1070 Laptop
	{seq: []string{"gtx", "1060", "laptop"}, tflops: 4.28},               // NVIDIA GeForce GTX 1060 Laptop
	{seq: []string{"h100", "pcie"}, tflops: 51},                          // NVIDIA H100 PCIe 80GB
	{seq: []string{"h200", "nvl"}, tflops: 60.3},                         // NVIDIA H200 NVL 141GB
	{seq: []string{"v100", "pcie"}, tflops: 14.1},                        // NVIDIA V100 PCIe
	{seq: []string{"rtx", "5090"}, tflops: 104.8},                        // NVIDIA GeForce RTX 5090
	{seq: []string{"rtx", "5080"}, tflops: 56.28},                        // NVIDIA GeForce RTX 5080
	{seq: []string{"rtx", "5070"}, tflops: 30.72},                        // NVIDIA GeForce RTX 5070
	{seq: []string{"rtx", "5060"}, tflops: 19.18},                        // NVIDIA GeForce RTX 5060
	{seq: []string{"rtx", "4090"}, tflops: 82.6},                         // NVIDIA GeForce RTX 4090
	{seq: []string{"rtx", "4080"}, tflops: 48.7},                         // NVIDIA GeForce RTX 4080
	{seq: []string{"rtx", "4070"}, tflops: 29.15},                        // NVIDIA GeForce RTX 4070
	{seq: []string{"rtx", "4060"}, tflops: 15.11},                        // NVIDIA GeForce RTX 4060
	{seq: []string{"rtx", "3090"}, tflops: 35.58},                        // NVIDIA GeForce RTX 3090
	{seq: []string{"rtx", "3080"}, tflops: 29.77},                        // NVIDIA GeForce RTX 3080
	{seq: []string{"rtx", "3070"}, tflops: 20.31},                        // NVIDIA GeForce RTX 3070
	{seq: []string{"rtx", "3060"}, not: []string{"ti"}, tflops: 12.74},   // NVIDIA GeForce RTX 3060 12GB
	{seq: []string{"rtx", "3050"}, tflops: 9.1},                          // NVIDIA GeForce RTX 3050
	{seq: []string{"titan", "rtx"}, tflops: 16.31},                       // NVIDIA TITAN RTX
	{seq: []string{"rtx", "2080"}, tflops: 10.07},                        // NVIDIA GeForce RTX 2080
	{seq: []string{"rtx", "2070"}, tflops: 7.46},                         // NVIDIA GeForce RTX 2070
	{seq: []string{"gtx", "1660"}, tflops: 5.03},                         // NVIDIA GeForce GTX 1660
	{seq: []string{"titan", "xp"}, tflops: 12.15},                        // NVIDIA TITAN Xp
	{seq: []string{"gtx", "1080"}, tflops: 8.87},                         // NVIDIA GeForce GTX 1080
	{seq: []string{"gtx", "1070"}, tflops: 6.46},                         // NVIDIA GeForce GTX 1070
	{seq: []string{"gtx", "980"}, tflops: 4.98},                          // NVIDIA GeForce GTX 980
	{seq: []string{"gtx", "970"}, tflops: 3.92},                          // NVIDIA GeForce GTX 970
	{seq: []string{"h100"}, notAny: []string{"pcie", "nvl"}, tflops: 67}, // NVIDIA H100 SXM5 80GB
	{seq: []string{"h200"}, notAny: []string{"nvl"}, tflops: 67},         // NVIDIA H200 SXM 141GB
	{seq: []string{"gh200"}, tflops: 67},                                 // NVIDIA GH200 96GB
	{seq: []string{"b200"}, tflops: 75},                                  // NVIDIA B200
	{seq: []string{"gb200"}, tflops: 80},                                 // NVIDIA GB200 (per GPU)
	{seq: []string{"a100"}, tflops: 19.5},                                // NVIDIA A100 SXM4 80GB
	{seq: []string{"l40s"}, tflops: 91.6},                                // NVIDIA L40S
	{seq: []string{"l40"}, tflops: 91},                                   // NVIDIA L40
	{seq: []string{"l4"}, tflops: 30.3},                                  // NVIDIA L4
	{seq: []string{"a10"}, tflops: 31.2},                                 // NVIDIA A10
	{seq: []string{"a40"}, tflops: 37.4},                                 // NVIDIA A40
	{seq: []string{"a30"}, tflops: 10.3},                                 // NVIDIA A30
	{seq: []string{"t4"}, tflops: 8.1},                                   // NVIDIA T4
	{seq: []string{"v100"}, notAny: []string{"pcie"}, tflops: 15.7},      // NVIDIA V100 SXM2
	{seq: []string{"a6000"}, tflops: 38.7},                               // NVIDIA RTX A6000
	{seq: []string{"a5000"}, tflops: 27.8},                               // NVIDIA RTX A5000
	{seq: []string{"a4000"}, tflops: 19.2},                               // NVIDIA RTX A4000
	{seq: []string{"p100"}, tflops: 9.34},                                // Tesla P100-PCIE-16GB
	{seq: []string{"p40"}, tflops: 11.76},                                // Tesla P40
	{seq: []string{"p4"}, tflops: 5.44},                                  // Tesla P4
	{seq: []string{"gtx", "1650"}, tflops: 2.984},                        // NVIDIA GeForce GTX 1650 (the GDDR5 card; nvidia-smi names the GDDR6 card the same)
}

// gpuFP32TFLOPS is an NVIDIA GPU's peak FP32 rate in TFLOPS from its name;
// 0 when unknown (and for a MIG instance, a slice of the whole).
func gpuFP32TFLOPS(name string) float64 {
	toks := gpuL2Tokens(name)
	if slices.Contains(toks, "mig") {
		return 0
	}
	for _, e := range gpuFP32Table {
		if gpuL2Match(toks, gpuL2Entry{seq: e.seq, not: e.not, notAny: e.notAny}) {
			return e.tflops
		}
	}
	return 0
}
