package report

import (
	"math"
	"testing"
)

// Card conventions (issue 14, item 27): at most three digits, decimal
// units unless the count is a whole number of 1024s.
func TestFormatsFollowModelCards(t *testing.T) {
	tokens := map[int]string{
		512: "512", 8192: "8k", 131072: "128k", 128000: "128k", 32768: "32k", 32000: "32k",
		76288: "76.3k", 163840: "160k", 1 << 20: "1M", 1000000: "1M", 10 << 20: "10M",
		2048: "2k", 4096: "4k", 200000: "200k", 1 << 24: "16M", 1500: "1.50k", 999999: "1.00M", 2000000: "2M", 1500000: "1.50M",
	}
	for n, want := range tokens {
		if got := Tokens(n); got != want {
			t.Errorf("Tokens(%d) = %q, want %q", n, got, want)
		}
	}
	params := map[int64]string{
		8_030_000_000: "8.03B", 671_000_000_000: "671B", 135_000_000: "135M",
		999_600_000: "1.00B", 1_000_000_000: "1B", 1_500_000_000_000: "1.50T", 500_000: "500000",
		999_700_000_000: "1.00T", 46_700_000_000: "46.7B",
	}
	for n, want := range params {
		if got := Params(n); got != want {
			t.Errorf("Params(%d) = %q, want %q", n, got, want)
		}
	}
	bytes := map[int64]string{
		512: "512 B", 1000: "0.98 KiB", 560 << 20: "560 MiB", 1000 << 20: "0.98 GiB",
		1023 << 20: "1.00 GiB", 24 << 30: "24 GiB", 4_917_000_000: "4.58 GiB",
	}
	for n, want := range bytes {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTTFTRange(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	e := &Estimate{PrefillTPS: f(1000), PrefillTPSLow: f(500), PrefillTPSHigh: f(2000), TTFTSeconds: f(0.52)}
	lo, hi, ok := TTFTRange(e, 512)
	// 0.512 s of prompt and 8 ms of the first token: 0.264..1.032 s.
	if !ok || math.Abs(lo-0.264) > 1e-9 || math.Abs(hi-1.032) > 1e-9 {
		t.Errorf("TTFTRange = %v, %v, %v; want 0.264, 1.032", lo, hi, ok)
	}
	e.PrefillTPSLow = nil
	if _, _, ok := TTFTRange(e, 512); ok {
		t.Error("a range without a prefill range")
	}
}
