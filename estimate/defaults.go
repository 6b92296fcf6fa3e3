package estimate

// DefaultGPUBandwidthGBps is the bandwidth speeds assume for a GPU whose
// bandwidth is unknown (a custom --gpu without bw=), so warnings can say
// what was assumed instead of "no speed estimate".
const DefaultGPUBandwidthGBps float64 = defaultGPUGBps
