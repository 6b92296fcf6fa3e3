//go:build amd64 || arm64

package hwprobe

// sumVec returns the wrapping sum of b, read with 16-byte vector loads
// (bandwidth_amd64.s: SSE2, part of every amd64 CPU; bandwidth_arm64.s:
// NEON, part of every arm64 one). A scalar Go loop issues one 8-byte load
// an instruction and, on a few cores, measured 80–85 % of what a C loop of
// AVX2 loads read on the same machine (hwprobe README): less than
// llama.cpp's SIMD kernels pull.
//
//go:noescape
func sumVec(b []uint64) uint64
