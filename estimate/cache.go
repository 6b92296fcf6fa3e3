package estimate

import (
	"sync"

	"github.com/fitcheck/fitcheck/catalog"
)

// The catalog view re-estimates every model whenever the hardware or a
// setting changes, but a model's tensor inventory and its weights per
// quantization depend on the model alone. An Estimator keeps them per
// *Model and rebuilds them when the architecture or parameter count differ
// from the copy taken when they were built (a caller editing a model in
// place gets fresh numbers). Plans and weights are read-only once built.

const cacheMax = 4096 // models; the map is dropped when it grows past this

type weightKey struct {
	q                       uint8
	serve, imatrix, experts bool
}

type cacheEntry struct {
	arch    catalog.Arch // deep copy: the pointer fields point at the copies below
	mla     catalog.MLA
	moe     catalog.MoE
	rec     catalog.Recurrent
	vision  catalog.Vision
	params  int64
	plan    *plan
	mu      sync.Mutex
	keys    []weightKey // weights[i] is for keys[i]; a dozen quants: linear search
	weights []*weights
	arena   []int64 // backing store of the weights' prefix arrays
}

func archEqual(e *cacheEntry, m *catalog.Model) bool {
	a := m.Arch
	if e.params != m.ParamsTotal || e.plan.nativeMXFP4 != (a.MoE != nil && modelShipsMXFP4(m)) {
		return false
	}
	b := e.arch
	if (a.MLA == nil) != (b.MLA == nil) || (a.MoE == nil) != (b.MoE == nil) ||
		(a.Recurrent == nil) != (b.Recurrent == nil) || (a.Vision == nil) != (b.Vision == nil) {
		return false
	}
	if a.MLA != nil && *a.MLA != e.mla || a.MoE != nil && *a.MoE != e.moe ||
		a.Recurrent != nil && *a.Recurrent != e.rec || a.Vision != nil && *a.Vision != e.vision {
		return false
	}
	a.MLA, a.MoE, a.Recurrent, a.Vision = nil, nil, nil, nil
	b.MLA, b.MoE, b.Recurrent, b.Vision = nil, nil, nil, nil
	return a == b
}

func newEntry(m *catalog.Model, p *plan) *cacheEntry {
	e := &cacheEntry{arch: m.Arch, params: m.ParamsTotal, plan: p}
	if m.Arch.MLA != nil {
		e.mla = *m.Arch.MLA
		e.arch.MLA = &e.mla
	}
	if m.Arch.MoE != nil {
		e.moe = *m.Arch.MoE
		e.arch.MoE = &e.moe
	}
	if m.Arch.Recurrent != nil {
		e.rec = *m.Arch.Recurrent
		e.arch.Recurrent = &e.rec
	}
	if m.Arch.Vision != nil {
		e.vision = *m.Arch.Vision
		e.arch.Vision = &e.vision
	}
	// The plan reads the architecture through its own copy.
	p.a = &e.arch
	return e
}

// cachedPlan returns the model's plan, building it when needed.
func (x *Estimator) cachedPlan(m *catalog.Model) (*cacheEntry, error) {
	if m == nil {
		_, err := newPlan(m)
		return nil, err
	}
	x.mu.Lock()
	e := x.models[m]
	x.mu.Unlock()
	if e != nil && archEqual(e, m) {
		return e, nil
	}
	p, err := newPlan(m)
	if err != nil {
		return nil, err
	}
	e = newEntry(m, p)
	x.mu.Lock()
	if x.models == nil || len(x.models) >= cacheMax {
		x.models = make(map[*catalog.Model]*cacheEntry)
	}
	x.models[m] = e
	x.mu.Unlock()
	return e, nil
}

// weightsFor returns the entry's weights at quant index qi.
func (e *cacheEntry) weightsFor(qi int, serve, imatrix, experts bool) *weights {
	k := weightKey{q: uint8(qi), serve: serve, imatrix: imatrix, experts: experts}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range e.keys {
		if e.keys[i] == k {
			return e.weights[i]
		}
	}
	w := new(weights)
	engine := EngineLlamaCpp
	if serve {
		engine = EngineVLLM
	}
	m := e.plan.nLayer + 1
	need := m // prefix arrays this quant needs: 1 dense, 2 MoE, 4 with --cpu-moe
	if e.plan.nExpert > 0 {
		need = 2 * m
		if experts {
			need = 4 * m
		}
	}
	if len(e.arena) < need {
		e.arena = make([]int64, max(need, 10*need/(need/m))) // room for the default ladder
	}
	buf := e.plan.computeWeights(&quantTable[qi], engine, imatrix, experts, w, e.arena[:0:need])
	e.arena = e.arena[len(buf):]
	e.keys = append(e.keys, k)
	e.weights = append(e.weights, w)
	return w
}
