package estimate

// DefaultGPUBandwidthGBps is the bandwidth speeds assume for a GPU whose
// bandwidth is unknown (a custom --gpu without bw=), so warnings can say
// what was assumed instead of "no speed estimate".
const DefaultGPUBandwidthGBps float64 = defaultGPUGBps

// HostRAMShare is the fraction of the RAM's peak bandwidth that decode of
// the layers in system RAM is estimated to read (the CPU class's η, fitted
// on groups offload_decode and cpu_decode of testdata/hard_cases.csv). A
// measured bandwidth is used at measuredRAMEta of itself instead.
func HostRAMShare() float64 { return params[clsCPU].eta }

// The share of the RAM's peak that the machines of those groups reached:
// an EPYC 9355 virtual machine at the low end, a Ryzen 9 7950X at the high
// (estimate/README.md, known limits of expert-offload decode). Callers say
// it where the peak, not a measurement, set a host-bound speed.
const (
	HostRAMShareLow  = 0.34
	HostRAMShareHigh = 0.70
)
