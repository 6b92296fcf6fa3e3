package hwprobe

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// maxSysfsFile bounds reads: sysfs and procfs values are small, and a
// fixture (or a broken driver) with a huge file must not hurt.
const maxSysfsFile = 64 << 10

func readSmallFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSysfsFile))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func readTrimmed(path string) (string, error) {
	s, err := readSmallFile(path)
	return strings.TrimSpace(s), err
}

// readUint reads a decimal or 0x-hex number, the two forms sysfs uses.
func readUint(path string) (uint64, error) {
	s, err := readTrimmed(path)
	if err != nil {
		return 0, err
	}
	return parseUint(s)
}

func parseUint(s string) (uint64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty")
	}
	if h, ok := strings.CutPrefix(strings.ToLower(s), "0x"); ok {
		return strconv.ParseUint(h, 16, 64)
	}
	return strconv.ParseUint(s, 10, 64)
}

// plausibleBytes rejects sizes no device has (0, or more than 16 TiB),
// which is what garbage in a file usually parses to.
func plausibleBytes(v uint64) bool { return v > 0 && v <= 16<<40 }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func gib(b int64) string { return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30)) }
