//go:build !amd64 && !arm64

package hwprobe

// sumVec is sumWords where no vector kernel is written.
func sumVec(b []uint64) uint64 { return sumWords(b) }
