package estimate

import "strings"

// CPU prefill by weight format. llama.cpp's CPU matmuls for quantised
// weights quantise the activations to 8 bits and run integer dot products
// block by block, so their rate depends on how cheaply a block unpacks:
// the 32-weight blocks of Q8_0 and Q4_0 go fastest, the 256-weight
// super-blocks of the k- and i-quants (6-bit scales, split high bits) cost
// more per weight, and 16-bit floats run the float path. Mainline llama.cpp
// llama-bench pp512 of LLaMA-3.1-8B-Instruct on a Ryzen 9 7950X (16
// threads, AVX-512) and an M2 Max CPU (8 threads, NEON), build 4384
// (https://github.com/ikawrakow/ik_llama.cpp/discussions/164,
// hard_cases.csv prefill-49..62), relative to Q8_0 on the same CPU; only
// the fitting rows were used (prefill-51, -55 and -59 are held out):
//
//	Q4_K        0.73 (x86 108.40 / 147.92)
//	Q3/Q5/Q6_K  0.51 (median of x86 Q6_K 0.56, Q3_K_S 0.58, Q5_K_S 0.51 and
//	                  ARM Q6_K 0.49, Q3_K_S 0.46)
//	BF16, F16   0.53 (x86 BF16 78.58 / 147.92, ARM F16 28.96 / 54.54)
//	Q4_0 on ARM 2.10 (114.63 / 54.54: llama.cpp repacks Q4_0 and IQ4_NL into
//	                  interleaved rows for the NEON dot-product GEMM)
//
// Q2_K and the i-quants (IQ1..IQ3, IQ4_XS) share the super-block layout
// and have no fitting row: they are assumed at the k-quant 0.51.
// Q8_0, Q4_0 (x86), Q4_1, Q5_0/Q5_1, IQ4_NL (x86) and MXFP4 stay at 1,
// the rate cpuSpeed's FLOPs were fitted at.
const (
	cpuQ4KPrefill    = 0.73
	cpuKQuantPrefill = 0.51
	cpuFloatPrefill  = 0.53
	cpuRepackPrefill = 2.10
)

// cpuQuantPrefill is the CPU prefill rate of a quantization relative to
// Q8_0 (arm: a NEON CPU, where Q4_0 and IQ4_NL are repacked).
func cpuQuantPrefill(quant string, arm bool) float64 {
	q := strings.ToUpper(quant)
	switch {
	case q == "BF16" || q == "F16":
		return cpuFloatPrefill
	case q == "Q4_0" || q == "IQ4_NL":
		if arm {
			return cpuRepackPrefill
		}
		return 1
	case strings.HasPrefix(q, "Q4_K"):
		return cpuQ4KPrefill
	case strings.HasPrefix(q, "Q2_K"), strings.HasPrefix(q, "Q3_K"), strings.HasPrefix(q, "Q5_K"),
		strings.HasPrefix(q, "Q6_K"), strings.HasPrefix(q, "IQ"):
		return cpuKQuantPrefill
	}
	return 1
}
