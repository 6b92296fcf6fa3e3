//go:build !(linux && cgo)

package hwprobe

import (
	"fmt"
	"runtime"
)

// openNVML: go-nvml needs cgo on Linux; other builds use nvidia-smi only.
func openNVML() (nvmlLibrary, func(), error) {
	return nil, nil, fmt.Errorf("NVML not built into this binary (%s, cgo off)", runtime.GOOS)
}
