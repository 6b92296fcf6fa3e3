package hwprobe

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMeasureReadBandwidth(t *testing.T) {
	start := time.Now()
	v, err := measureReadBandwidth(t.Context(), 8<<20, 2)
	if err != nil || v <= 0 || v > 100000 {
		t.Fatalf("%v GB/s, %v", v, err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("benchmark took %v", took)
	}
}

func TestMeasureStopsWhenCancelled(t *testing.T) {
	ctx, cancel := contextCancelled(t)
	cancel()
	if _, err := measureReadBandwidth(ctx, 1<<20, 1); err == nil {
		t.Error("a cancelled benchmark should fail")
	}
}

func TestBandwidthCacheRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := CPU{Model: "Ryzen 9 7950X", LogicalCores: 32}
	m := Memory{HostTotalBytes: 64 << 30}
	key := bandwidthKey(c, m)
	if _, _, ok := loadBandwidth(dir, key); ok {
		t.Fatal("empty cache hit")
	}
	storeBandwidth(dir, key, 63.5)
	storeBandwidth(dir, "other machine", 10)
	if v, when, ok := loadBandwidth(dir, key); !ok || v != 63.5 || time.Since(when) > time.Minute {
		t.Errorf("got %v %v %v", v, when, ok)
	}
	if _, _, ok := loadBandwidth(dir, bandwidthKey(c, Memory{HostTotalBytes: 128 << 30})); ok {
		t.Error("more RAM is another machine")
	}
	os.WriteFile(filepath.Join(dir, bandwidthCacheFile), []byte("{broken"), 0o644)
	if _, _, ok := loadBandwidth(dir, key); ok {
		t.Error("a broken cache must read as empty")
	}
	storeBandwidth(dir, key, 70) // and be replaced
	if v, _, _ := loadBandwidth(dir, key); v != 70 {
		t.Errorf("got %v", v)
	}
}

func TestProbeUsesTheCachedMeasurement(t *testing.T) {
	o := fixtureOptions(t, "testdata/machine/sys")
	s := Probe(t.Context(), o)
	if !strings.HasPrefix(s.Memory.BandwidthBasis, "estimate:") || *s.Memory.BandwidthGBps != estimateRAMBandwidthGBps {
		t.Fatalf("no cache: %q", s.Memory.BandwidthBasis)
	}
	storeBandwidth(o.CacheDir, bandwidthKey(s.CPU, s.Memory), 42)
	s = Probe(t.Context(), o)
	if *s.Memory.BandwidthGBps != 42 || !strings.HasPrefix(s.Memory.BandwidthBasis, "measured") {
		t.Errorf("cached: %v %q", *s.Memory.BandwidthGBps, s.Memory.BandwidthBasis)
	}
}

func TestProbeMeasuresWhenAsked(t *testing.T) {
	o := fixtureOptions(t, "testdata/machine/sys")
	o.MeasureBandwidth = true
	o.benchSize = 16 << 20
	s := Probe(t.Context(), o)
	if s.Memory.BandwidthBasis != "measured now (multi-threaded read)" || *s.Memory.BandwidthGBps <= 0 {
		t.Fatalf("%v %q", s.Memory.BandwidthGBps, s.Memory.BandwidthBasis)
	}
	if _, _, ok := loadBandwidth(o.CacheDir, bandwidthKey(s.CPU, s.Memory)); !ok {
		t.Error("the measurement was not cached")
	}
}

func contextCancelled(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

// Only an Arm machine probed at the real roots with a cache is measured
// unasked (and only where the firmware gives no memory table: ramBandwidth).
func TestAutoMeasure(t *testing.T) {
	real := Options{}.withDefaults()
	real.CacheDir = t.TempDir()
	if runtime.GOOS == "linux" && !autoMeasure(real, "arm64") {
		t.Error("an Arm Linux board is not measured")
	}
	if autoMeasure(real, "amd64") {
		t.Error("an x86 machine measured unasked")
	}
	off := real
	off.CacheDir = "off"
	if autoMeasure(off, "arm64") {
		t.Error("measured with no cache to keep it in")
	}
	fixture := real
	fixture.SysRoot = t.TempDir()
	if autoMeasure(fixture, "arm64") {
		t.Error("a fixture tree measured")
	}
}
