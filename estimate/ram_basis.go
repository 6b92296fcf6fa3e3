package estimate

// The CPU's decode efficiency η (params[clsCPU]) is a fraction of the RAM's
// peak (channels × transfer rate × 8 bytes: SMBIOS, a spec sheet, the
// labelled estimate). A measured read bandwidth (hwprobe's multi-threaded
// vector read, Hardware.RAMBandwidthMeasured) already sits below that peak,
// so η·measured counted the losses twice: a desktop that measures 60 GB/s
// was given 33 GB/s for its host layers.
//
// measuredRAMEta is what llama.cpp's decode reaches of a measured read
// bandwidth:
//   - fitted on the fitting rows of hard_cases.csv with a stated measured
//     bandwidth, offload_decode-14..16 (Threadripper PRO 7965WX, 8×DDR5-4800,
//     "225-250GB/s RAM i/o with Intel Memory Latency Checker", ik_llama.cpp
//     PR #370): the CPU share the rows imply, 205, 211 and 197 GB/s at the
//     model's then 0.1 ms hand-over (0.144 ms at 24 threads since handover.go; a
//     build of May 2025, so 0.214 ms with cuda_graphs.go's graph-less split
//     cost, which leaves the rows 6-10 % slow), is 0.86, 0.89 and 0.83 of the MLC midpoint
//     237.5 GB/s (0.79-0.94 over the stated range): median 0.86;
//   - checked on a source not used for the fit: a Raspberry Pi 5 whose
//     llama.cpp decode reads 9.8-10.6 GB/s against 11.59 GB/s of a 4-thread
//     read-only STREAM kernel, 84-91 % (median 88 %) over Q2_K..Q8_0
//     (https://github.com/ggml-org/llama.cpp/issues/26484).
//
// hwprobe's reader (bandwidth.go: 16-byte vector loads, 98 % of an AVX2 C
// reader) measures the same kind of figure as MLC's and STREAM's read
// kernels.
const measuredRAMEta = 0.86

// ramPeakGBps is the host RAM bandwidth on the peak basis η was fitted on:
// a measured figure is scaled by measuredRAMEta/η, so that η × the result is
// measuredRAMEta × the measurement.
func ramPeakGBps(hw *Hardware) float64 {
	if hw.RAMBandwidthMeasured && hw.RAMBandwidthGBps > 0 {
		return hw.RAMBandwidthGBps * measuredRAMEta / params[clsCPU].eta
	}
	return hw.RAMBandwidthGBps
}
