package plan

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/fitcheck/fitcheck/estimate"
)

// ErrWorkload marks a workload that cannot be planned as given (a usage
// error for the CLI: exit 2).
var ErrWorkload = errors.New("bad workload")

// Limits that keep a typo from asking for a warehouse.
const (
	MaxUsers        = 4096
	MaxGPUsPerNode  = 8
	DefaultMaxNodes = 4
	maxTotalGPUs    = 64 // what --gpu accepts
)

// Workload is what the hardware must deliver.
type Workload struct {
	Users        int     // concurrent streams, each with the full Context
	TPS          float64 // decode tokens/s each user must see (0: no target)
	TTFT         float64 // seconds to the first token of a PromptTokens prompt (0: no target)
	Settings     estimate.Settings
	OutputTokens int // output tokens per request; with PromptTokens it sets the input:output mix of costs

	Quant    string  // only this quantization ("" = the best that meets the targets)
	Budget   float64 // USD for the accelerators or system (0: no limit)
	Vendor   string  // NVIDIA | AMD | Intel | Apple ("" = any)
	MaxGPUs  int     // accelerators in all (0 = MaxGPUsPerNode × MaxNodes)
	MaxNodes int     // machines (0 = DefaultMaxNodes)

	// est keeps the model's plan across the hundreds of machines a search
	// tries; Normalize gives each search its own.
	est *estimate.Estimator
}

func bad(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrWorkload, fmt.Sprintf(format, a...))
}

func badNumber(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) || f < 0 }

// Normalize checks a workload and fills defaults. Its errors read as
// sentences naming the flag.
func (w Workload) Normalize() (Workload, error) {
	if w.est == nil {
		w.est = new(estimate.Estimator)
	}
	switch {
	case w.Users < 1:
		return w, bad("--users %d: give at least 1 concurrent user", w.Users)
	case w.Users > MaxUsers:
		return w, bad("--users %d: at most %d", w.Users, MaxUsers)
	case badNumber(w.TPS):
		return w, bad("--tps %v: give tokens/s per user, 0 or more", w.TPS)
	case badNumber(w.TTFT):
		return w, bad("--ttft %v: give seconds, 0 or more", w.TTFT)
	case badNumber(w.Budget):
		return w, bad("--budget %v: give USD, 0 or more", w.Budget)
	case w.MaxGPUs < 0 || w.MaxGPUs > maxTotalGPUs:
		return w, bad("--max-gpus %d: give 1 to %d", w.MaxGPUs, maxTotalGPUs)
	case w.MaxNodes < 0 || w.MaxNodes > maxTotalGPUs/MaxGPUsPerNode:
		return w, bad("--max-nodes %d: give 1 to %d", w.MaxNodes, maxTotalGPUs/MaxGPUsPerNode)
	case w.OutputTokens < 0:
		return w, bad("--output-tokens %d: give 1 or more", w.OutputTokens)
	}
	if w.MaxNodes == 0 {
		w.MaxNodes = DefaultMaxNodes
	}
	if w.MaxGPUs == 0 {
		w.MaxGPUs = MaxGPUsPerNode * w.MaxNodes
	}
	if w.OutputTokens == 0 {
		w.OutputTokens = DefaultOutputTokens
	}
	if w.Vendor != "" {
		v, ok := vendorName(w.Vendor)
		if !ok {
			return w, bad("--vendor %q: one of NVIDIA, AMD, Intel, Apple", w.Vendor)
		}
		w.Vendor = v
	}
	if w.Quant != "" {
		q, ok := estimate.LookupQuant(w.Quant)
		if !ok {
			return w, bad("quantization %q is not known", w.Quant)
		}
		if !q.Supports(w.engine()) {
			return w, bad("quantization %s does not run on %s", q.Name, w.engine())
		}
		w.Quant = q.Name
	}
	s := w.Settings
	if s.Context <= 0 || s.PromptTokens < 0 {
		return w, bad("context %d and prompt tokens %d: give a positive context", s.Context, s.PromptTokens)
	}
	s.Parallel = w.Users
	w.Settings = s
	return w, nil
}

// DefaultOutputTokens is the output length per request assumed for the
// input:output mix of costs and break-even when --output-tokens is not
// given. It is a workload assumption, shown with every cost, not a
// measurement.
const DefaultOutputTokens = 512

func (w Workload) engine() string {
	if w.Settings.Engine == "" {
		return estimate.EngineLlamaCpp
	}
	return w.Settings.Engine
}

var vendors = []string{"NVIDIA", "AMD", "Intel", "Apple"}

func vendorName(s string) (string, bool) {
	for _, v := range vendors {
		if strings.EqualFold(v, strings.TrimSpace(s)) {
			return v, true
		}
	}
	return "", false
}
