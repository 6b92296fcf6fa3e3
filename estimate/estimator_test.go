package estimate

import (
	"reflect"
	"sync"
	"testing"
)

// TestEstimatorSharesSafely: one Estimator used from many goroutines gives
// each the answer a fresh one gives (run under -race in CI), and a model
// edited in place is re-planned rather than served from the cache.
func TestEstimatorSharesSafely(t *testing.T) {
	models := syntheticCatalog(28)
	s := DefaultSettings()
	want := make([][]Result, len(models))
	for i, m := range models {
		want[i] = EstimateModel(m, benchHW, s, nil)
	}
	var x Estimator
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, m := range models {
				if got := x.EstimateModel(m, benchHW, s, nil); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("%s: shared Estimator differs from a fresh one", m.ID)
				}
			}
		}()
	}
	wg.Wait()

	m := models[0]
	before := x.EstimateModel(m, benchHW, s, nil)
	m.Arch.Layers *= 2
	after := x.EstimateModel(m, benchHW, s, nil)
	if after[0].WeightsBytes <= before[0].WeightsBytes {
		t.Errorf("doubling the layers kept %d weight bytes (was %d): the cached plan was served", after[0].WeightsBytes, before[0].WeightsBytes)
	}
	var nilX *Estimator
	if got := nilX.EstimateModel(m, benchHW, s, nil); !reflect.DeepEqual(got, after) {
		t.Error("a nil Estimator does not estimate as a fresh one")
	}
}
