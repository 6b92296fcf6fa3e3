package estimate

// A GPU↔CPU hand-over (a graph split between the GPU and the CPU backend,
// once per layer whose experts run on the CPU, once for a whole-layer
// split) costs the copy, a synchronisation and one run of ggml's CPU
// threadpool over the split's few nodes, each node ending in a barrier of
// every thread. That barrier gets dearer with the thread count: ggml's
// test-barrier on an EPYC took 1.96 µs per node at 4 threads and 3.04 µs
// at 8 (https://github.com/ggml-org/llama.cpp/pull/9598). The offload rows
// of testdata/hard_cases.csv say the same of whole hand-overs: a 6-thread
// host's --n-cpu-moe sweep leaves 0–0.03 ms per hand-over beyond its RAM
// reads (offload_decode-48..62), a 10-thread one about 0.09 ms (37–39),
// 24 threads 0.1 ms (14–16) and 48 threads about 0.26 ms (17–19, whose
// hybrid run was slower than the same box CPU-only).
//
// handOverPerThread was chosen on the fitting rows of group offload_decode
// (median / p90 of |error|): 4 µs 10.3 / 43.9 %, 5 µs 10.4 / 35.6 %,
// 6 µs 10.7 / 28.5 %, 7 µs 11.2 / 28.5 %, 8 µs 11.4 / 28.5 %, against
// 11.2 / 63 % for the flat 0.1 ms it replaces; the held-out rows give
// 12.7 / 28.9 % at 6 µs (15.2 / 38.0 % with the flat cost). That was on
// rows 01-62; rows 63-111 were collected after it was chosen: their 45
// scored rows come out 18.6 / 27.1 % (9.2 % on the one host whose RAM the
// source states).
const handOverPerThread = 6e-6

// handOverCost is the time of one GPU↔CPU hand-over with n CPU threads.
func handOverCost(n int) float64 { return handOverPerThread * float64(max(n, 1)) }

// threads is llama.cpp's CPU thread count: -t, or its default, the
// physical cores.
func (r *run) threads() int {
	if r.s.Threads > 0 {
		return r.s.Threads
	}
	return max(r.cpu.cores, 1)
}
