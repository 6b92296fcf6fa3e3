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
// estimates from little data: its rate for cores without dot products
// (estimate/cpu_prefill.go cpuNoDotFLOPS) is fitted on one Jetson Nano
// (Cortex-A57), and published llama-bench runs on a Raspberry Pi 4
// (Cortex-A72) prefill 1.1-3.6x faster than it estimates
// (hard_cases.csv prefill-1416..1449, issue 10). "" for every other CPU.
func slowARMCoreWarning(model string) string {
	if !slices.Contains(armV80Cores, model) {
		return ""
	}
	return fmt.Sprintf("CPU %s has no int8 dot-product instructions: fitcheck's prefill rate for such cores is fitted on one board (a Jetson Nano), and published runs on a Raspberry Pi 4 prefill 1.1-3.6x faster than it estimates", model)
}
