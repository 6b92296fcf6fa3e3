package estimate

import (
	"sync"

	"github.com/fitcheck/fitcheck/catalog"
)

// Estimator estimates models and keeps what repeated estimates share: each
// model's tensor plan and its weights per quantization (cache.go), and the
// per-call scratch buffers. A screen that re-estimates the catalog on every
// change of hardware or settings owns one, and so does a planner that tries
// one model on hundreds of machines; the package functions Estimate,
// EstimateModel and EstimateFile start from a fresh one each call. The
// package itself holds no mutable state.
//
// An Estimator is safe for concurrent use; the zero value is ready, and a
// nil one estimates as a fresh one would.
type Estimator struct {
	mu      sync.Mutex
	models  map[*catalog.Model]*cacheEntry
	scratch sync.Pool // of *scratch
}

func (x *Estimator) getScratch() *scratch {
	if sc, ok := x.scratch.Get().(*scratch); ok {
		return sc
	}
	return new(scratch)
}

// forget drops every cached plan (the cold-path benchmark).
func (x *Estimator) forget() {
	x.mu.Lock()
	x.models = nil
	x.mu.Unlock()
}
