package hwprobe

import (
	"strconv"

	"github.com/shirou/gopsutil/v4/cpu"
)

// coreName is the name a CPU of gopsutil's list goes by: its model name,
// or, for an Arm core whose part number gopsutil's table lacks (it then
// says "Undefined"), the core type that part is. The Cix P1's little
// cores are Cortex-A520s (part 0xd80, Linux arch/arm64/include/asm/cputype.h
// ARM_CPU_PART_CORTEX_A520; estimate/testdata/arm_cores.csv), which
// gopsutil v4.26.10 does not name; named, they get their own SIMD rate
// (estimate/arm_cores.go) instead of the default.
func coreName(in cpu.InfoStat) string {
	if in.VendorID == "ARM" && in.ModelName == "Undefined" {
		if part, err := strconv.ParseUint(in.Model, 0, 16); err == nil {
			switch part {
			case 0xd80:
				return "Cortex-A520"
			}
		}
	}
	return cleanModel(in.ModelName)
}
