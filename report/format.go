package report

import (
	"fmt"
	"math"
)

// Human-readable forms shared by the tables and the TUI.

// Bytes formats a byte count in binary units: "4.58 GiB", "560 MiB". A
// figure that would print as 1000 or more moves to the next unit ("0.98
// GiB", not "1000 MiB"), so every figure has at most three digits.
func Bytes(b int64) string {
	const unit = 1024
	if b < 1000 {
		return fmt.Sprintf("%d B", b)
	}
	v := float64(b)
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB", "PiB"} {
		v /= unit
		if trim(v) != "1000" && v < 999.5 || u == "PiB" {
			return trim(v) + " " + u
		}
	}
	return ""
}

// Params formats a parameter count as model cards do, in decimal units:
// "8.03B", "671B", "135M"; a count that rounds to 1000 of one unit is
// written in the next ("1.00B", not "1000M").
func Params(n int64) string {
	v := float64(n)
	for _, u := range []struct {
		div    float64
		suffix string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}} {
		if v >= u.div*0.9995 {
			return trim(v/u.div) + u.suffix
		}
	}
	return fmt.Sprintf("%d", n)
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

// Tokens formats a token count as model cards quote context lengths: a
// whole number of thousands in decimal units ("128k" for 128,000, "1M"),
// else a whole number of 1024s in binary units ("8k" for 8192, "128k" for
// 131,072, "1M" for 1,048,576), any other count in decimal units ("76.3k"
// for 76,288): "k" means 1024 only where the count itself says so.
func Tokens(n int) string {
	switch {
	case n >= 1000 && n%1000 == 0:
		if n >= 1_000_000 && n%1_000_000 == 0 {
			return fmt.Sprintf("%dM", n/1_000_000)
		}
		if n >= 1_000_000 {
			return trim(float64(n)/1e6) + "M"
		}
		return fmt.Sprintf("%dk", n/1000)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1024 && n%1024 == 0 && n < 1<<20:
		return fmt.Sprintf("%dk", n>>10)
	case n >= 999_500:
		return trim(float64(n)/1e6) + "M"
	case n >= 1000:
		return trim(float64(n)/1e3) + "k"
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

// TTFTRange is the time to first token at the two ends of the prefill
// range (Estimate.PrefillTPSLow..High) for a prompt of promptTokens: the
// prompt's share of TTFTSeconds scaled, the first decoded token's kept.
// ok is false where the estimate states no prefill range.
func TTFTRange(e *Estimate, promptTokens int) (lo, hi float64, ok bool) {
	if e.TTFTSeconds == nil || e.PrefillTPS == nil || e.PrefillTPSLow == nil || e.PrefillTPSHigh == nil ||
		*e.PrefillTPS <= 0 || *e.PrefillTPSLow <= 0 || promptTokens <= 0 {
		return 0, 0, false
	}
	p := float64(promptTokens)
	rest := max(*e.TTFTSeconds - p / *e.PrefillTPS, 0)
	return rest + p / *e.PrefillTPSHigh, rest + p / *e.PrefillTPSLow, true
}
