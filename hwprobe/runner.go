package hwprobe

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// part is what one probe found.
type part struct {
	cpu       *CPU
	memory    *Memory
	gpus      []foundGPU
	notes     []string // why a kind of GPU is absent; reported only if no GPU is found
	warnings  []string
	nvidiaPCI []string // NVIDIA cards the kernel lists (to explain a silent driver)
	// interconnect: how this vendor's GPUs reach each other (NVML only).
	interconnect string
}

type probe struct {
	name string
	run  func(context.Context) part
}

// runProbes runs every probe at once, each with its own deadline. A probe
// that does not return in time (a hung driver ignores contexts) is left
// behind and reported as a warning: it never holds fitcheck up. A probe
// that panics becomes a warning too.
func runProbes(ctx context.Context, probes []probe, timeout time.Duration) []part {
	out := make([]part, len(probes))
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = runOne(ctx, p, timeout)
		}()
	}
	wg.Wait()
	return out
}

func runOne(ctx context.Context, p probe, timeout time.Duration) part {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan part, 1) // buffered: a late probe can still send and exit
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- part{warnings: []string{fmt.Sprintf("%s probe failed (%v); its results are missing", p.name, r)}}
			}
		}()
		done <- p.run(ctx)
	}()
	select {
	case res := <-done:
		return res
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.Canceled) {
			return part{warnings: []string{fmt.Sprintf("%s probe was cancelled; its results are missing", p.name)}}
		}
		return part{warnings: []string{fmt.Sprintf("%s probe gave no answer within %v (a hung driver?); its results are missing",
			p.name, timeout)}}
	}
}
