package hwprobe

import "fmt"

// WindowsDisplayReserveBytes is the video memory a what-if discrete GPU on
// Windows (or under WSL2, which runs on the Windows host's driver) keeps
// from a model: what the OS budgets to one process falls short of the card.
//
// WDDM virtualises video memory (an AMD engineer, quoted in
// https://github.com/unslothai/unsloth/pull/8482: "WDDM memory is
// virtualized and pageable"), so what other programs hold at start-up is
// not what a model can use: on Windows, llama.cpp and ollama report a
// median 1228 MiB of an NVIDIA card as taken before a model loads (their
// own CUDA context included; nvidia-smi "used" 0.9-3.5 GiB, following the
// open apps; estimate/testdata/os_vram_reserve.csv, 14 fitting rows), yet
// runs at the card's edge did not spill (below). The
// per-process budget the OS states is the limit: DXGI's
// QueryVideoMemoryInfo gives a process 7.60 of an RTX 3070's 8 GiB
// (https://github.com/Joakimpalm-Zen/xyntetik-runner/pull/105), 410 MiB
// short. The published runs bracket it: a GTX 1070 that the source saw
// thrashing at its 8 GiB cap (hard_cases.csv offload_decode-63) needs more
// than 101 MiB kept back to be called a misfit, and runs at their cards'
// edge under Windows and WSL2 that did not spill (offload_decode-142..144,
// -209) allow no more than about 450 MiB. NVIDIA's Vulkan driver reports a
// flat 768 MiB less (same CSV), which those runs rule out for CUDA.
const WindowsDisplayReserveBytes = 410 << 20

// WindowsReserveNote is what a GPU's MemoryBasis says when its free memory
// leaves the reserve out.
var WindowsReserveNote = fmt.Sprintf("%d MiB kept for the Windows desktop", WindowsDisplayReserveBytes>>20)

// reserveWindowsDisplay takes the Windows display reserve off the free
// memory of the what-if discrete GPUs of a Windows or WSL2 machine. A
// probed card's free memory already counts what the desktop holds, as does
// one given with free=, and a unified device's share is set from RAM.
func reserveWindowsDisplay(gpus []GPU, os string) {
	if os != OSWindows && os != OSWSL {
		return
	}
	for i := range gpus {
		g := &gpus[i]
		if g.Source != SourceOverride || g.UnifiedMemory || freeGiven(g) {
			continue
		}
		free := max(g.MemoryTotalBytes-WindowsDisplayReserveBytes, 0)
		g.MemoryFreeBytes = &free
		g.MemoryBasis += "; " + WindowsReserveNote + " (the per-process video memory budget WDDM gives)"
	}
}
