package hwprobe

import (
	"os"
	"path/filepath"
	"testing"
)

func cgroupFixture(t *testing.T, name string) (cgroupMemory, []string) {
	t.Helper()
	dir := filepath.Join("testdata", "cgroup", name)
	self, err := os.ReadFile(filepath.Join(dir, "proc", "self", "cgroup"))
	if err != nil {
		t.Fatal(err)
	}
	return readCgroupMemory(filepath.Join(dir, "cgroup"), string(self))
}

func TestCgroupLimits(t *testing.T) {
	cases := []struct {
		fixture    string
		limit      int64
		workingSet int64
	}{
		{"v2-own", 4 << 30, 1 << 30},        // 1.5 GiB used, 0.5 GiB of it reclaimable cache
		{"v2-parent", 2 << 30, 512 << 20},   // the pod's limit binds the container
		{"v2-namespaced", 3 << 30, 1 << 30}, // /proc says "/", the mount is the container
		{"v1-own", 2 << 30, 1<<30 - 256<<20},
		{"v1-parent", 3 << 30, 100 << 20}, // only hierarchical_memory_limit knows the parent
	}
	for _, c := range cases {
		cg, warns := cgroupFixture(t, c.fixture)
		if cg.limit != c.limit || cg.workingSet != c.workingSet || len(warns) != 0 {
			t.Errorf("%s: limit %d working set %d warnings %v; want %d and %d", c.fixture, cg.limit, cg.workingSet, warns, c.limit, c.workingSet)
		}
	}
}

func TestCgroupCapsTotalAndAvailable(t *testing.T) {
	host, hostAvail := int64(64<<30), int64(50<<30)
	cases := []struct {
		cg           cgroupMemory
		total, avail int64
	}{
		{cgroupMemory{}, host, hostAvail},                                     // no limit
		{cgroupMemory{limit: 4 << 30, workingSet: 1 << 30}, 4 << 30, 3 << 30}, // the container has 3 GiB left
		{cgroupMemory{limit: 4 << 30}, 4 << 30, 4 << 30},                      // usage unknown
		{cgroupMemory{limit: 4 << 30, workingSet: 5 << 30}, 4 << 30, 0},       // over its limit
		{cgroupMemory{limit: 128 << 30}, host, hostAvail},                     // a limit above RAM caps nothing
	}
	for _, c := range cases {
		total, avail := capByCgroup(host, hostAvail, c.cg)
		if total != c.total || avail != c.avail {
			t.Errorf("%+v: total %d avail %d, want %d %d", c.cg, total, avail, c.total, c.avail)
		}
	}
}

func TestProbeInsideAContainer(t *testing.T) {
	o := fixtureOptions(t, "testdata/sys/amd-discrete")
	o.CgroupRoot = "testdata/cgroup/v2-own/cgroup"
	// The machine's meminfo and cpuinfo, with the container's self/cgroup.
	dir := t.TempDir()
	copyTree(t, "testdata/machine/proc", dir)
	copyTree(t, "testdata/cgroup/v2-own/proc", dir)
	o.ProcRoot = dir
	s := Probe(t.Context(), o)
	m := s.Memory
	if m.HostTotalBytes != 16318480<<10 {
		t.Fatalf("host total %d", m.HostTotalBytes)
	}
	if m.CgroupLimitBytes == nil || *m.CgroupLimitBytes != 4<<30 || m.TotalBytes != 4<<30 || m.AvailableBytes != 3<<30 {
		t.Errorf("container of 4 GiB with 1 GiB in use: total %d available %d limit %v", m.TotalBytes, m.AvailableBytes, m.CgroupLimitBytes)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
