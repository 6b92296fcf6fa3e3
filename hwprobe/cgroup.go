package hwprobe

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// cgroupMemory is a container's memory limit and what it uses now.
type cgroupMemory struct {
	limit      int64 // bytes; 0 = not limited
	workingSet int64 // usage minus reclaimable page cache; 0 = unknown
}

// cgroup v1 writes "unlimited" as a page-counter maximum near 2^63.
const cgroupUnlimited = int64(1) << 62

// readCgroupMemory reads the memory cgroup of the process whose
// /proc/<pid>/cgroup text is selfCgroup, under cgroupRoot (normally
// /sys/fs/cgroup). It walks up to the root so a parent's lower limit
// counts, for cgroup v2 (memory.max) and v1 (memory.limit_in_bytes and
// hierarchical_memory_limit).
func readCgroupMemory(cgroupRoot, selfCgroup string) (cgroupMemory, []string) {
	v1Path, v2Path, isV1, isV2 := parseProcCgroup(selfCgroup)
	switch {
	case isV1:
		return readCgroupV1(filepath.Join(cgroupRoot, "memory"), v1Path)
	case isV2:
		return readCgroupV2(cgroupRoot, v2Path)
	}
	return cgroupMemory{}, nil
}

// parseProcCgroup finds the memory controller's path (v1, a line like
// "4:memory:/docker/abc") and the unified path (v2, "0::/user.slice").
func parseProcCgroup(text string) (v1Path, v2Path string, isV1, isV2 bool) {
	for _, line := range strings.Split(text, "\n") {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2Path, isV2 = parts[2], true
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c == "memory" {
				v1Path, isV1 = parts[2], true
			}
		}
	}
	return
}

// cgroupDirs lists the cgroup's directory and its ancestors up to root.
// Inside a container the path from /proc may not exist under the mounted
// root (cgroup namespaces); then the root itself is the container's cgroup.
func cgroupDirs(root, rel string) []string {
	leaf := filepath.Join(root, filepath.Clean("/"+rel)) // Clean("/"+rel) cannot climb out of root
	if !exists(leaf) {
		leaf = root
	}
	dirs := []string{leaf}
	for d := leaf; d != root && len(d) > len(root); {
		d = filepath.Dir(d)
		dirs = append(dirs, d)
	}
	return dirs
}

func readCgroupV2(root, rel string) (cgroupMemory, []string) {
	var m cgroupMemory
	var warns []string
	dirs := cgroupDirs(root, rel)
	for _, d := range dirs {
		s, err := readTrimmed(filepath.Join(d, "memory.max"))
		if err != nil || s == "max" {
			continue // the root cgroup has no memory.max
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v <= 0 {
			warns = append(warns, fmt.Sprintf("cgroup %s unreadable (%q); that container limit is ignored",
				filepath.Join(d, "memory.max"), firstLine(s)))
			continue
		}
		if v < cgroupUnlimited && (m.limit == 0 || v < m.limit) {
			m.limit = v
		}
	}
	if usage, err := readUint(filepath.Join(dirs[0], "memory.current")); err == nil {
		m.workingSet = workingSet(usage, statValue(filepath.Join(dirs[0], "memory.stat"), "inactive_file"))
	}
	return m, warns
}

func readCgroupV1(root, rel string) (cgroupMemory, []string) {
	var m cgroupMemory
	var warns []string
	dirs := cgroupDirs(root, rel)
	note := func(v int64) {
		if v > 0 && v < cgroupUnlimited && (m.limit == 0 || v < m.limit) {
			m.limit = v
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "memory.limit_in_bytes")
		s, err := readTrimmed(p)
		if err != nil {
			continue
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			warns = append(warns, fmt.Sprintf("cgroup %s unreadable (%q); that container limit is ignored", p, firstLine(s)))
			continue
		}
		note(v)
	}
	// hierarchical_memory_limit already folds in every ancestor's limit,
	// including ones above the part of the tree this process can see.
	note(int64(statValue(filepath.Join(dirs[0], "memory.stat"), "hierarchical_memory_limit")))
	if usage, err := readUint(filepath.Join(dirs[0], "memory.usage_in_bytes")); err == nil {
		m.workingSet = workingSet(usage, statValue(filepath.Join(dirs[0], "memory.stat"), "total_inactive_file"))
	}
	return m, warns
}

// workingSet is usage minus inactive page cache, which the kernel reclaims
// before it kills anything (the figure docker stats shows).
func workingSet(usage, inactiveFile uint64) int64 {
	if inactiveFile > usage || usage > uint64(cgroupUnlimited) {
		return 0
	}
	return int64(usage - inactiveFile)
}

// statValue reads one "key value" line of a memory.stat file; 0 if absent.
func statValue(path, key string) uint64 {
	s, err := readSmallFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok && k == key {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return 0
}

// capByCgroup applies a container limit to the host's figures: neither
// total nor available may exceed it, and available also may not exceed
// what the container has left.
func capByCgroup(hostTotal, hostAvail int64, cg cgroupMemory) (total, avail int64) {
	total, avail = hostTotal, hostAvail
	if cg.limit <= 0 {
		return
	}
	total = min(total, cg.limit)
	left := cg.limit
	if cg.workingSet > 0 {
		left = max(cg.limit-cg.workingSet, 0)
	}
	avail = min(avail, left, total)
	return
}
