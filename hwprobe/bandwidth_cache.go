package hwprobe

import (
	"cmp"
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

// storeBandwidth records a measurement. Probing ignores its error (a lost
// cache only costs a re-measurement); `hw --measure`, whose job is the
// cache, reports it.
func storeBandwidth(dir, key string, gbps float64) error {
	if dir == "off" || dir == "" {
		return nil
	}
	entries := loadBandwidthCache(dir)
	entries[key] = bandwidthEntry{GBps: gbps, Measured: time.Now().UTC()}
	b, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, bandwidthCacheFile+".*")
	if err != nil {
		return err
	}
	_, errW := tmp.Write(b)
	errC := tmp.Close()
	if err := cmp.Or(errW, errC); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, bandwidthCacheFile)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
