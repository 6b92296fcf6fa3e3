package estimate

// armCore is what CPU speed reads off an Arm core's type: whether it has
// the int8 dot-product instructions (FEAT_DotProd: SDOT/UDOT, which
// llama.cpp's quantised CPU matmuls are built on) and how many 128-bit
// FMLA instructions it issues a cycle (0: not sourced). The values are
// testdata/arm_cores.csv's (LLVM's AArch64Processors.td for the features,
// LLVM's scheduling models, OSACA and the vendors' optimisation guides for
// the pipes); TestArmCoreTable checks this switch against it.
type armCore struct {
	dotprod  bool
	fmaPipes int
	sdot     int // 128-bit SDOT instructions a cycle, where sourced apart from the FMA pipes
}

// simdPipes is the core's 128-bit SIMD pipes as int8 prefill sees them:
// its FMA pipes, or, where only that is sourced, its SDOT issue rate
// (Cortex-A55: one a cycle); 0 unknown.
func (c armCore) simdPipes() int {
	if c.fmaPipes > 0 {
		return c.fmaPipes
	}
	return c.sdot
}

// armCoreOf looks up a core by the name hwprobe reports for it on Linux
// (gopsutil's name for the MIDR part: "Cortex-A72", "Neoverse-N1").
func armCoreOf(model string) (armCore, bool) {
	switch model {
	case "Cortex-A73":
		return armCore{}, true
	case "Cortex-A53":
		return armCore{fmaPipes: 1}, true // measured 0.99 FMLA.4s a cycle (LLVM's model says 0.5)
	case "Cortex-A57", "Cortex-A72":
		// Two FP pipes, but a Q-form FMLA takes both.
		return armCore{fmaPipes: 1}, true
	case "Cortex-A55", "Cortex-A520":
		// The A520: one measured little core of a Cix P1; whether a pair
		// shares its vector unit, no source on that chip says.
		return armCore{dotprod: true, fmaPipes: 1, sdot: 1}, true
	case "Cortex-A75", "Cortex-A77",
		"Cortex-A710", "Cortex-A715", "Cortex-A725",
		"Cortex-X2", "Cortex-X3", "Neoverse-N3":
		return armCore{dotprod: true}, true
	case "Cortex-A78", "Cortex-A78AE", "Cortex-A78C":
		// The AE (safety) and C (laptop: 8-core clusters, 8 MB L3) are
		// variants of the A78 core, not new cores.
		return armCore{dotprod: true, fmaPipes: 2}, true
	case "Cortex-A76", "Neoverse-N1", "Neoverse-N2":
		return armCore{dotprod: true, fmaPipes: 2, sdot: 2}, true
	case "Cortex-A720":
		// cpufp on a Cix P1: 2 a cycle at four clocks; its code may read
		// a wider core at half rate (cpufp PR #36), so a lower bound.
		return armCore{dotprod: true, fmaPipes: 2, sdot: 2}, true
	case "Cortex-X1", "Cortex-X4", "Neoverse-V3":
		return armCore{dotprod: true, fmaPipes: 4}, true
	case "Cortex-X1C", "Neoverse-V1", "Neoverse-V2":
		return armCore{dotprod: true, fmaPipes: 4, sdot: 4}, true
	case "Cortex-X925":
		// arm_cores.csv's 6 pipes rest on one secondary page: not used.
		return armCore{dotprod: true}, true
	}
	return armCore{}, false
}
