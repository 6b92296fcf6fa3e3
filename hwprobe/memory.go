package hwprobe

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/KimMachineGun/automemlimit/memlimit" // the subpackage only: the root package sets GOMEMLIMIT in init
	"github.com/shirou/gopsutil/v4/mem"
)

// probeMemory reads total and available RAM (gopsutil: /proc/meminfo on
// Linux) and caps both by the container's cgroup limit, which gopsutil
// ignores.
func probeMemory(ctx context.Context, o Options) (Memory, []string) {
	var warns []string
	m := Memory{Source: SourceProbe}
	vm, err := mem.VirtualMemoryWithContext(withRoots(ctx, o.ProcRoot, o.SysRoot))
	if err != nil || vm == nil || !plausibleBytes(vm.Total) {
		return m, []string{fmt.Sprintf("system memory unreadable (%v); RAM is unknown, give it with --ram",
			errOr(err, "implausible size"))}
	}
	m.HostTotalBytes = int64(vm.Total)
	avail := int64(min(vm.Available, vm.Total))

	cg, w := containerMemory(o)
	warns = append(warns, w...)
	if cg.limit > 0 {
		limit := cg.limit
		m.CgroupLimitBytes = &limit
	}
	m.TotalBytes, m.AvailableBytes = capByCgroup(m.HostTotalBytes, avail, cg)
	return m, warns
}

// containerMemory finds the cgroup limit. On the real machine automemlimit
// reads it (it follows /proc/self/mountinfo, which handles odd mounts);
// the root-taking reader adds what the process uses and serves fixtures.
func containerMemory(o Options) (cgroupMemory, []string) {
	self, err := readSmallFile(filepath.Join(o.ProcRoot, "self", "cgroup"))
	if err != nil {
		return cgroupMemory{}, nil // not Linux, or no cgroups: nothing caps RAM
	}
	cg, warns := readCgroupMemory(o.CgroupRoot, self)
	if o.realRoots() {
		// Its errors (no limit, no cgroup, odd mounts) leave the reader's
		// answer standing, so they need no warning.
		if lib, err := memlimit.FromCgroup(); err == nil && lib > 0 && lib < uint64(cgroupUnlimited) {
			if cg.limit == 0 || int64(lib) < cg.limit {
				cg.limit = int64(lib)
			}
		}
	}
	return cg, warns
}
