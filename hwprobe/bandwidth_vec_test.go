package hwprobe

import (
	"math/rand/v2"
	"testing"
)

// TestSumVecAddsEveryWord: the vector read kernel touches every word once,
// tail included (the sum would differ otherwise).
func TestSumVecAddsEveryWord(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 1000, 4099} {
		b := make([]uint64, n)
		for i := range b {
			b[i] = r.Uint64()
		}
		if got, want := sumVec(b), sumWords(b); got != want {
			t.Errorf("len %d: sumVec %d, sumWords %d", n, got, want)
		}
		if n > 3 { // an unaligned start
			if got, want := sumVec(b[1:n-1]), sumWords(b[1:n-1]); got != want {
				t.Errorf("len %d, offset 1: sumVec %d, sumWords %d", n-2, got, want)
			}
		}
	}
}

// BenchmarkReadScalar and BenchmarkReadVector compare the two read loops on
// one buffer larger than the caches (bytes/s is the read bandwidth).
func BenchmarkReadScalar(b *testing.B) { benchRead(b, sumWords) }
func BenchmarkReadVector(b *testing.B) { benchRead(b, sumVec) }

func benchRead(b *testing.B, f func([]uint64) uint64) {
	buf := make([]uint64, 64<<20/8)
	for i := range buf {
		buf[i] = uint64(i)
	}
	b.SetBytes(int64(len(buf) * 8))
	var s uint64
	for b.Loop() {
		s += f(buf)
	}
	_ = s
}
