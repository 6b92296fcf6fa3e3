package estimate

import "fmt"

// NoDotProductWarning is the caveat for an Arm CPU whose cores lack the
// int8 dot-product instructions (arm_cores.go: the ARMv8.0 Cortex-A53,
// A57, A72 and A73), whose prefill fitcheck estimates from little data:
// the Cortex-A72 at llama.cpp's kernel benchmark rate (noDotKernelCore)
// with the IQ3, Q5 and F16-weight rates of one Pi 4 sweep (cpuNoDotIQ3,
// cpuNoDotQ5, cpuNoDotF16Weights), against which the 52 held-out
// llama-bench runs of a Raspberry Pi 4 (testdata/hard_cases.csv
// prefill-1416..1449, -1900..1920) prefill at 0.82-1.32x the estimate
// (0.82-1.79x before F16 weights had their own rate); the others at a rate fitted
// on one Jetson Nano (cpuNoDotFLOPS). It names the first such core type
// of the CPU or its clusters; "" when there is none. The what-if CPU of
// --cpu-model gets it as the probed one does.
func NoDotProductWarning(hw *Hardware) string {
	models := []string{hw.CPUModel}
	for _, c := range hw.CPUClusters {
		models = append(models, c.Model)
	}
	for _, m := range models {
		core, known := armCoreOf(m)
		switch {
		case !known || core.dotprod:
			continue
		case m == noDotKernelCore:
			return "CPU " + m + " has no int8 dot-product instructions: fitcheck's prefill rate for it is llama.cpp's kernel benchmark and one llama-bench sweep on a Raspberry Pi 4, and other published Pi 4 runs prefill at 0.82-1.32x the estimate"
		default:
			return fmt.Sprintf("CPU %s has no int8 dot-product instructions: fitcheck's prefill rate for such cores is fitted on one board (a Jetson Nano's Cortex-A57)", m)
		}
	}
	return ""
}
