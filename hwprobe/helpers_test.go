package hwprobe

import (
	"context"
	"strings"
	"testing"
	"time"
)

// fixtureOptions probes the fixture machine (testdata/machine) with the
// given sysfs tree and no NVIDIA driver tools.
func fixtureOptions(t *testing.T, sysRoot string) Options {
	t.Helper()
	return Options{
		ProcRoot:   "testdata/machine/proc",
		SysRoot:    sysRoot,
		CgroupRoot: "testdata/machine/cgroup", // absent: no container limit
		Timeout:    5 * time.Second,
		CacheDir:   t.TempDir(),
		openNVML:   func() (nvmlLibrary, func(), error) { return nil, nil, errNVMLNotFound },
		runSMI:     func(context.Context) ([]byte, error) { return nil, errSMINotFound },
		readApple:  func(context.Context) (appleFacts, []string) { return appleFacts{}, nil },
	}
}

func hasWarning(s Snapshot, substr string) bool {
	for _, w := range s.Warnings {
		if strings.Contains(w, substr) {
			return true
		}
	}
	return false
}
