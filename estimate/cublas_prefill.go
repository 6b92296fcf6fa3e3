package estimate

// Unquantised weights (BF16, F16) take another road through llama.cpp's
// CUDA backend than quantised ones. A quantised matmul of a prompt runs
// llama.cpp's MMQ kernels on the INT8 tensor cores, which GeForce cards
// run at four times their FP16-with-FP32-accumulate peak; the class U of
// speed.go was fitted on such rows, and at 1.265 × that peak on GeForce it
// is more than a BF16 matmul can reach. ggml_cuda_mul_mat_cublas
// (ggml-cuda.cu, ggml-org/ggml@d99724f2) hands BF16 weights to cuBLAS with
// CUBLAS_COMPUTE_32F (FP32 accumulate), F16 weights with
// CUBLAS_COMPUTE_16F (FP16 accumulate) wherever fast FP16 exists (NVIDIA
// compute capability 6.0 and newer except 6.1) and F32 weights as TF32,
// so their prompt rate is cuBLAS's share of those tensor peaks.
//
// The accelerator database's FP16 figure is the FP32-accumulate peak.
// NVIDIA's GeForce whitepapers give the FP16-accumulate peak as twice that
// (RTX 2080 Ti 107.6 / 53.8 TFLOPS, RTX 3090 142 / 71, RTX 4090 330.3 /
// 165.2, RTX 5090 419 / 209.5; testdata/cublas_peaks.md quotes them); the
// data-centre parts run both at one rate (V100 125 / 125, A100 312 / 312).

// cublasPrefillUtil is cuBLAS's share of the tensor peak in a prompt's
// matmuls, fixed costs (prefill_layer.go) apart. Fitted on the BF16
// fitting rows of group prefill in testdata/hard_cases.csv of current
// builds: Qwen3.5-9B on an RTX 5090 (prefill-406, May 2026) and
// Llama-3.2-1B on an RTX 3090 (prefill-1330, PR #24216's master). Over
// {0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1} their errors cross between
// 0.70 (−11.1 / +8.3 %) and 0.75 (−6.9 / +14.1 %); 0.72 evens them.
// Held out: prefill-405 (the 5090 at pp512) −9 %, -1331 (the 3090 at
// -ub 256) −7 %. The F32 pair of the same PR (an RTX 4090, TF32) stays
// 30-40 % slow: it would need more than the TF32 peak once the fixed
// costs are paid, which no value here can give. Before this file those
// rows were charged at the int8 MMQ rate: +33 / +35 % for the 5090.
// Builds before PR #8075 (June 2024), which ran every matmul through
// cuBLAS with their own overheads, are not covered (group prefill_legacy
// of hard_cases.csv).
const cublasPrefillUtil = 0.72

// cublasPeakMult is the FP16-accumulate peak of a class against its
// FP32-accumulate one: 2 on GeForce cards with tensor cores, 1 elsewhere.
func cublasPeakMult(cls devClass) float64 {
	switch cls {
	case clsCUDAConsumer, clsCUDATuring:
		return 2
	}
	return 1
}

// cublasClass reports a CUDA class whose unquantised prompt matmuls run on
// tensor cores through cuBLAS. Cards without tensor cores (Pascal, GTX 16)
// keep the class U, which was fitted on their own rows.
func cublasClass(cls devClass) bool {
	switch cls {
	case clsCUDAConsumer, clsCUDAPro, clsCUDATuring, clsCUDATuringPro, clsCUDAHBM, clsCUDAIntegrated:
		return true
	}
	return false
}

// cublasCost is the factor on the weight FLOPs of an unquantised model
// (quant BF16, F16 or F32) on CUDA device ds whose prompt rate fitcheck sets
// at u × its peak: the time of those FLOPs at cuBLAS's rate over their
// time at u. 1 where cuBLAS is not the road.
func cublasCost(ds *devSpeed, quant string, u float64) float64 {
	if ds == nil || ds.backend != "cuda" || !cublasClass(ds.cls) {
		return 1
	}
	mult := 0.0
	switch quant {
	case "BF16":
		mult = 1
	case "F16":
		mult = cublasPeakMult(ds.cls)
	case "F32":
		// ggml sets CUBLAS_TF32_TENSOR_OP_MATH on its handles
		// (ggml-cuda/common.cuh), so F32 matmuls run as TF32 on the
		// tensor cores: half the FP16 rate on the A100 (156 against 312,
		// testdata/cublas_peaks.md), taken for every card with them.
		mult = 0.5
	default:
		return 1
	}
	return u / (cublasPrefillUtil * mult * (1 + ds.powerGain))
}
