package report

import (
	"fmt"
	"math"
)

// Human-readable forms shared by the tables and the TUI.

// Bytes formats a byte count in binary units: "4.58 GiB", "560 MiB".
func Bytes(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	v := float64(b)
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB", "PiB"} {
		v /= unit
		if v < unit || u == "PiB" {
			return trim(v) + " " + u
		}
	}
	return ""
}

// Params formats a parameter count: "8.0B", "671B", "135M".
func Params(n int64) string {
	switch v := float64(n); {
	case v >= 1e12:
		return trim(v/1e12) + "T"
	case v >= 1e9:
		return trim(v/1e9) + "B"
	case v >= 1e6:
		return trim(v/1e6) + "M"
	default:
		return fmt.Sprintf("%d", n)
	}
}

// TPS formats tokens per second ("—" when unknown).
func TPS(v *float64) string {
	if v == nil {
		return "—"
	}
	switch {
	case *v >= 100:
		return fmt.Sprintf("%.0f", *v)
	case *v >= 10:
		return fmt.Sprintf("%.1f", *v)
	default:
		return fmt.Sprintf("%.2f", *v)
	}
}

// Seconds formats a duration in seconds ("—" when unknown).
func Seconds(v *float64) string {
	if v == nil {
		return "—"
	}
	switch {
	case *v < 1:
		return fmt.Sprintf("%.0f ms", *v*1000)
	case *v < 60:
		return fmt.Sprintf("%.1f s", *v)
	default:
		return fmt.Sprintf("%.1f min", *v/60)
	}
}

// Tokens formats a token count in units of 1024, as context lengths are
// quoted: "8k" (8192), "128k", "74.5k", "1M".
func Tokens(n int) string {
	switch {
	case n >= 1<<20:
		return trim(float64(n)/(1<<20)) + "M"
	case n >= 1024:
		return trim(float64(n)/1024) + "k"
	default:
		return fmt.Sprintf("%d", n)
	}
}

// trim prints 3 significant digits without trailing zeros: 4.58, 45.8, 458.
func trim(v float64) string {
	switch {
	case v >= 100 || v == math.Trunc(v):
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// VerdictLabel is the human label of a verdict; cpuMoE (optional) is the
// number of layers whose routed experts stay in RAM (--n-cpu-moe).
func VerdictLabel(verdict string, gpuLayers, totalLayers int, cpuMoE ...int) string {
	switch verdict {
	case "gpu":
		return "full GPU"
	case "partial":
		if len(cpuMoE) > 0 && cpuMoE[0] > 0 && gpuLayers >= totalLayers {
			return fmt.Sprintf("experts of %d/%d layers in RAM", cpuMoE[0], totalLayers-1)
		}
		if gpuLayers >= totalLayers {
			return "experts in RAM" // --cpu-moe: every layer offloaded, routed experts kept in RAM
		}
		return fmt.Sprintf("partial %d/%d", gpuLayers, totalLayers)
	case "cpu":
		return "CPU only"
	default:
		return "does not fit"
	}
}

// DecidingBytes is the memory that decides a verdict: GPU memory when the
// model runs fully on GPU (what a person compares with the card), the total
// otherwise. llama.cpp keeps the token embeddings and some buffers in
// system RAM, so a model's total can exceed a card it fits on.
func DecidingBytes(e Estimate) int64 {
	if e.Verdict == "gpu" {
		return e.GPUBytes
	}
	return e.TotalBytes
}
