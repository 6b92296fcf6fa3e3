package estimate

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/hwprobe"
)

// TestCalibrationPeaksInDatabase: the speed constants were fitted with the
// FP16 peaks of testdata/calibration_devices.csv and calibration_extra.csv, so a probed or named card
// that the accelerator database knows must get the same peak there, or a
// user's estimate rests on a different number than the one validated (an
// empty database cell falls back to a stand-in per GB/s). Apple chips are
// left out: the database derives their per-chip FP32 rates itself, within
// a few per cent of the calibration's per-core scaling.
func TestCalibrationPeaksInDatabase(t *testing.T) {
	devices := readCSV(t, "testdata/calibration_devices.csv")
	seen := map[string]bool{}
	for _, c := range readCSV(t, "testdata/calibration_extra.csv") { // ROCm, Vulkan and SYCL devices
		if c["fp16_tflops"] != "" && !seen[c["hardware"]] {
			seen[c["hardware"]] = true
			c["source"] = c["notes"]
			devices = append(devices, c)
		}
	}
	for _, c := range devices {
		name := c["hardware"]
		if strings.HasPrefix(name, "Mac with ") {
			continue
		}
		gpus, err := hwprobe.ParseGPUSpec(name)
		if errors.Is(err, hwprobe.ErrSizeNeeded) {
			// Any of its memory sizes: they share the chip.
			gpus, err = hwprobe.ParseGPUSpec(name + " 16GiB")
		}
		if err != nil || len(gpus) == 0 {
			continue // not in the database: nothing to disagree with
		}
		g := gpus[0]
		want := atof(c["fp16_tflops"])
		if g.FP16TFLOPs == nil {
			t.Errorf("%s: the database (%s) has no FP16 peak; the calibration uses %.1f (%s)", name, g.Name, want, c["source"])
			continue
		}
		if got := *g.FP16TFLOPs; math.Abs(got/want-1) > 0.08 {
			t.Errorf("%s: the database (%s) says %.1f TFLOPS, the calibration %.1f (%s)", name, g.Name, got, want, c["source"])
		}
	}
}
