package estimate

import "fmt"

// Hybrid decode on Windows and under WSL2 (issue 10).
//
// When the routed experts of GPU layers run on the CPU (--n-cpu-moe), every
// token hands over between GPU and CPU once per such layer. On Windows and
// WSL2 a token then takes a roughly constant time longer than the same
// machine needs under Linux, independent of how many layers hand over:
//   - same machine and build (voxlo-dev/qwen-agent-8gb, RTX 4060 Ti +
//     7800X3D, Qwen3.6-35B-A3B, --n-cpu-moe 36): WSL2 29.7 tok/s against
//     native Linux 45.4 at depth 1000, +11.7 ms a token (hard_cases.csv
//     offload_decode-142/145);
//   - against the Linux-fitted model, the Windows hosts' sweeps leave 6-8 ms
//     (RX 6700 XT, Vulkan: the same 6.2-7.6 ms at 18 and at 48 expert layers
//     in RAM, offload_decode-82..87), 9-10 ms (GTX 1070, 28-36 layers,
//     offload_decode-64..75) and 10-19 ms (RTX 4060 Laptop, LM Studio's
//     llama-server, offload_decode-112..141) a token;
//   - llama.cpp issue #6442 measured partial offload of one machine 33 %
//     slower under Windows 11 than under Linux with fully offloaded models
//     equal, which slaren attributes to Windows' larger overhead for waking
//     threads.
//
// The mechanism is not pinned down. The constant was chosen on the fitting
// rows of group offload_decode (scan: 6, 8, 9, 10, 12 ms give a median of
// 12.5, 10.5, 10.4, 10.5, 10.9 % before the GCN factor; without it 19.4 %; held-out
// rows 20.1 % without, 11.1 % with it). Out of sample (offload_decode-197..253,
// collected afterwards): an RTX 3070 Ti under native Windows needs ~1.5 ms at 6
// threads and 8-12 ms at 10-12; WSL2 there ~3 ms more than native Windows.
// Refitted with those rows' fitting part, 9 ms is still the best (0 / 5 / 7 /
// 9 / 10 ms: 17.6 / 12.2 / 11.4 / 10.0 / 10.1 %). Refitted again with the
// CPU's η at 0.65 (speed.go), which leaves more of a Windows token to this
// cost: the group's fitting rows give 10.3 / 9.7 / 9.5 / 9.2 / 9.2 / 10.3 %
// at 7 / 9 / 10 / 11 / 12 / 13 ms, their 82 Windows and WSL2 rows 9.2 / 6.2
// / 5.7 / 5.8 / 7.2 / 8.8 %: 11 ms.
const WindowsHybridToken = 11e-3

// Host operating systems (Hardware.OS).
const (
	OSLinux   = "linux"
	OSWindows = "windows"
	OSWSL     = "wsl" // Windows Subsystem for Linux 2
	OSMacOS   = "macos"
)

// ValidOS reports whether s names an OS the estimator knows ("" = unknown).
func ValidOS(s string) bool {
	switch s {
	case "", OSLinux, OSWindows, OSWSL, OSMacOS:
		return true
	}
	return false
}

func checkOS(s string) error {
	if !ValidOS(s) {
		return fmt.Errorf("unknown operating system %q (linux, windows, wsl, macos)", s)
	}
	return nil
}

// hybridOSOverhead is the per-token cost the host OS adds when experts of
// GPU layers run on the CPU (expertHandOvers > 0).
func hybridOSOverhead(os string, expertHandOvers int) float64 {
	if expertHandOvers > 0 && (os == OSWindows || os == OSWSL) {
		return WindowsHybridToken
	}
	return 0
}
