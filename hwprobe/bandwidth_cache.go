package hwprobe

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"
)

// The cache maps a machine key to its measured RAM bandwidth. The key
// changes when the CPU, its thread count or the RAM size does, so a
// measurement never outlives the hardware it describes.
const bandwidthCacheFile = "membw.json"

type bandwidthEntry struct {
	GBps     float64   `json:"gbps"`
	Measured time.Time `json:"measured"`
}

func bandwidthKey(c CPU, m Memory) string {
	return fmt.Sprintf("%s|%d threads|%d GiB", c.Model, c.LogicalCores, (m.HostTotalBytes+1<<29)>>30)
}

func loadBandwidthCache(dir string) map[string]bandwidthEntry {
	entries := map[string]bandwidthEntry{}
	if dir == "off" || dir == "" {
		return entries
	}
	b, err := os.ReadFile(filepath.Join(dir, bandwidthCacheFile))
	if err != nil || json.Unmarshal(b, &entries) != nil {
		return map[string]bandwidthEntry{} // a broken cache is as good as none
	}
	return entries
}

func loadBandwidth(dir, key string) (float64, time.Time, bool) {
	e, ok := loadBandwidthCache(dir)[key]
	if !ok || e.GBps <= 0 || e.GBps > 100000 || math.IsNaN(e.GBps) {
		return 0, time.Time{}, false
	}
	return e.GBps, e.Measured, true
}

// storeBandwidth records a measurement; failing to write only loses the
// cache, so errors are dropped.
func storeBandwidth(dir, key string, gbps float64) {
	if dir == "off" || dir == "" {
		return
	}
	entries := loadBandwidthCache(dir)
	entries[key] = bandwidthEntry{GBps: gbps, Measured: time.Now().UTC()}
	b, err := json.MarshalIndent(entries, "", "  ")
	if err != nil || os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, bandwidthCacheFile+".*")
	if err != nil {
		return
	}
	_, errW := tmp.Write(b)
	errC := tmp.Close()
	if errW != nil || errC != nil || os.Rename(tmp.Name(), filepath.Join(dir, bandwidthCacheFile)) != nil {
		os.Remove(tmp.Name())
	}
}
