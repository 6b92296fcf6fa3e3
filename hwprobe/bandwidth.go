package hwprobe

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// estimateRAMBandwidthGBps is the figure used when nothing better is known:
// two 64-bit DDR4-3200 channels, 2 × 8 bytes × 3200 MT/s = 51.2 GB/s, the
// common desktop. It errs low for DDR5 and server machines (llmfit falls
// back to a similar 50 GB/s).
const estimateRAMBandwidthGBps = 51.2

const estimateRAMBandwidthBasis = "estimate: dual-channel DDR4-3200 (2 × 8 bytes × 3200 MT/s = 51.2 GB/s), " +
	"a conservative desktop figure; DDR5 and server machines are faster; measuring replaces it"

// ramBandwidth picks the system RAM bandwidth: a unified-memory chip's
// database figure, else a cached measurement, else (when asked) a fresh
// measurement, else the peak from the firmware's memory table (SMBIOS,
// where readable), else the labelled estimate.
func ramBandwidth(ctx context.Context, s Snapshot, o Options) (*float64, string) {
	for _, g := range s.GPUs {
		if g.UnifiedMemory && g.BandwidthGBps != nil && g.SharedMemoryBytes >= s.Memory.TotalBytes/2 {
			v := *g.BandwidthGBps
			return &v, fmt.Sprintf("%s (unified memory; CPU cores alone reach less)", g.SpecSource)
		}
	}
	key := bandwidthKey(s.CPU, s.Memory)
	if v, when, ok := loadBandwidth(o.CacheDir, key); ok {
		return &v, fmt.Sprintf("%s %s (multi-threaded read)", measuredBasis, when.Format("2006-01-02"))
	}
	if !o.MeasureBandwidth {
		if v, basis, ok := dmiBandwidth(o.SysRoot); ok {
			return &v, basis
		}
	}
	if o.MeasureBandwidth || autoMeasure(o, runtime.GOARCH) {
		ctx, cancel := context.WithTimeout(ctx, max(o.Timeout, time.Second))
		defer cancel()
		size := o.benchSize
		if size == 0 {
			size = benchBytes(s.Memory.AvailableBytes)
		}
		if v, err := measureReadBandwidth(ctx, size, runtime.GOMAXPROCS(0)); err == nil {
			_ = storeBandwidth(o.CacheDir, key, v) // a lost cache only costs a re-measurement
			return &v, measuredNow
		}
	}
	v := estimateRAMBandwidthGBps
	return &v, estimateRAMBandwidthBasis
}

// autoMeasure: an Arm Linux machine whose firmware has no memory table (a
// single-board computer: a Raspberry Pi, a Jetson) is measured on the first
// run, unasked, and the result cached. The labelled desktop estimate is
// several times such a board's real bandwidth: a Raspberry Pi 4 decodes at
// about 3.6 GB/s in every format (hard_cases.csv cpu_decode-100..133)
// where the estimate's 51.2 GB/s gives 33. The benchmark reads at most an
// eighth of the available RAM, well under a second; a machine without a
// cache directory is not measured, so that no run pays it twice.
func autoMeasure(o Options, goarch string) bool {
	return goarch == "arm64" && o.realRoots() && o.CacheDir != "off"
}

// measuredNow is the basis of a measurement taken in this run.
const measuredNow = measuredBasis + " now (multi-threaded read)"

// MeasureBandwidth measures this machine's RAM read bandwidth in decimal
// GB/s with every CPU thread reading its own buffer (a few hundred ms),
// and caches it under os.UserCacheDir()/fitcheck so later Probe calls
// report it. The figure is what software reaches, below the DRAM peak.
func MeasureBandwidth(ctx context.Context) (float64, error) {
	o := Options{}.withDefaults()
	c, _ := probeCPU(ctx, o.ProcRoot, o.SysRoot)
	m, _ := probeMemory(ctx, o)
	v, err := measureReadBandwidth(ctx, benchBytes(m.AvailableBytes), runtime.GOMAXPROCS(0))
	if err != nil {
		return 0, err
	}
	if err := storeBandwidth(o.CacheDir, bandwidthKey(c, m), v); err != nil {
		return v, fmt.Errorf("measured %.0f GB/s but could not cache it: %w", v, err)
	}
	return v, nil
}

// benchBytes sizes the benchmark: 256 MiB (beyond the caches of common CPUs), but
// never more than an eighth of available RAM.
func benchBytes(avail int64) int {
	n := int64(256 << 20)
	if avail > 0 {
		n = min(n, avail/8)
	}
	return int(max(n, 16<<20))
}

// measureReadBandwidth reads totalBytes spread over workers goroutines
// a few times and returns the best pass in decimal GB/s.
func measureReadBandwidth(ctx context.Context, totalBytes, workers int) (float64, error) {
	workers = max(workers, 1)
	words := max(totalBytes/8/workers, 1024)
	bufs := make([][]uint64, workers)
	parallel(workers, func(i int) { // first touch in parallel: pages land near their reader
		bufs[i] = make([]uint64, words)
		for j := range bufs[i] {
			bufs[i][j] = uint64(j)
		}
	})
	sums := make([]uint64, workers)
	best := 0.0
	start := time.Now()
	for pass := 0; pass < 8; pass++ {
		if err := ctx.Err(); err != nil {
			if best > 0 {
				break
			}
			return 0, err
		}
		t := time.Now()
		parallel(workers, func(i int) { sums[i] += sumVec(bufs[i]) })
		if d := time.Since(t).Seconds(); d > 0 {
			best = max(best, float64(words*8*workers)/d/1e9)
		}
		if pass >= 2 && time.Since(start) > 300*time.Millisecond {
			break
		}
	}
	runtime.KeepAlive(sums)
	if best <= 0 {
		return 0, errors.New("bandwidth benchmark measured nothing")
	}
	return best, nil
}

func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}

// sumWords reads every word, four independent sums so the loop is bound
// by memory rather than by one add chain.
func sumWords(b []uint64) uint64 {
	var s0, s1, s2, s3 uint64
	for len(b) >= 4 {
		s0 += b[0]
		s1 += b[1]
		s2 += b[2]
		s3 += b[3]
		b = b[4:]
	}
	for _, v := range b {
		s0 += v
	}
	return s0 + s1 + s2 + s3
}

// WithMeasuredBandwidth measures RAM bandwidth now (MeasureBandwidth's
// benchmark), caches it for later runs and returns snap with it. The error
// says the measurement failed or could not be cached (the next run would
// not see it); the snapshot is then still usable, with a warning.
func WithMeasuredBandwidth(ctx context.Context, snap Snapshot) (Snapshot, error) {
	s := snap.Clone()
	v, err := measureReadBandwidth(ctx, benchBytes(s.Memory.AvailableBytes), runtime.GOMAXPROCS(0))
	if err != nil {
		s.Warnings = append(s.Warnings, fmt.Sprintf("memory bandwidth measurement failed (%v); keeping %s", err, s.Memory.BandwidthBasis))
		return s, fmt.Errorf("memory bandwidth measurement failed: %w", err)
	}
	s.Memory.BandwidthGBps, s.Memory.BandwidthBasis = &v, measuredNow
	dir := defaultCacheDir()
	if dir == "off" {
		err = errors.New("no user cache directory (set XDG_CACHE_HOME or HOME)")
	} else {
		err = storeBandwidth(dir, bandwidthKey(s.CPU, s.Memory), v)
	}
	if err != nil {
		s.Warnings = append(s.Warnings, fmt.Sprintf("measured %.0f GB/s, but could not cache it (%v): later runs keep the estimate", v, err))
		return s, fmt.Errorf("could not cache the bandwidth measurement: %w", err)
	}
	return s, nil
}
