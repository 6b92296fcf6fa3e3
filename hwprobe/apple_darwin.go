//go:build darwin

package hwprobe

import (
	"context"
	"os/exec"
	"strconv"

	"golang.org/x/sys/unix"
)

// readAppleFacts asks the kernel with sysctl (no cgo) and ioreg for the GPU
// core count, which sysctl does not know.
func readAppleFacts(ctx context.Context) (appleFacts, []string) {
	m := map[string]string{}
	if v, err := unix.Sysctl("machdep.cpu.brand_string"); err == nil {
		m["machdep.cpu.brand_string"] = v
	}
	if v, err := unix.SysctlUint64("hw.memsize"); err == nil {
		m["hw.memsize"] = strconv.FormatUint(v, 10)
	}
	if v, err := unix.SysctlUint32("iogpu.wired_limit_mb"); err == nil {
		m["iogpu.wired_limit_mb"] = strconv.FormatUint(uint64(v), 10)
	}
	if v, err := unix.Sysctl("kern.osproductversion"); err == nil {
		m["kern.osproductversion"] = v
	}
	f, warns := appleFactsFrom(m)
	if out, err := exec.CommandContext(ctx, "/usr/sbin/ioreg", "-rc", "AGXAccelerator", "-d", "1").Output(); err == nil {
		f.GPUCores = parseGPUCores(string(out))
	}
	return f, warns
}

const probeApple = true
