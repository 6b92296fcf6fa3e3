package hwprobe

import (
	"fmt"
	"slices"
)

// armV80Cores are the Arm cores without the int8 dot-product instructions
// (ARMv8.0-A; estimate/testdata/arm_cores.csv from LLVM's AArch64 processor
// list), as gopsutil names them from the CPU part. llama.cpp's CPU kernels
// fall back to slower integer multiplies there and do not repack Q4_0 or
// IQ4_NL, and a Cortex-A72 issues one 128-bit FMA a cycle where the cores
// fitcheck's CPU rates were fitted on issue two to four.
var armV80Cores = []string{"Cortex-A53", "Cortex-A57", "Cortex-A72", "Cortex-A73"}

// slowARMCoreWarning is the warning for a CPU whose prefill fitcheck
// estimates from little data. The Cortex-A72's rate is llama.cpp's kernel
// benchmark on a Raspberry Pi 4 at a clock it does not state
// (estimate/cpu_prefill.go noDotKernelCore); published llama-bench runs on
// a Pi 4 prefill at 0.75-2.55x its estimate, the i-quants and F16 at the
// fast end (hard_cases.csv prefill-1416..1449, issue 10). The other cores
// without dot products take a rate fitted on one Jetson Nano (Cortex-A57,
// cpuNoDotFLOPS). "" for every other CPU.
func slowARMCoreWarning(model string) string {
	if !slices.Contains(armV80Cores, model) {
		return ""
	}
	if model == "Cortex-A72" {
		return "CPU Cortex-A72 has no int8 dot-product instructions: fitcheck's prefill rate for it is llama.cpp's kernel benchmark on one Raspberry Pi 4, and published Pi 4 runs prefill at 0.75-2.55x the estimate (i-quants and F16 the fastest)"
	}
	return fmt.Sprintf("CPU %s has no int8 dot-product instructions: fitcheck's prefill rate for such cores is fitted on one board (a Jetson Nano's Cortex-A57)", model)
}
