package hwprobe

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// Host operating systems (Snapshot.OS), the values estimate.Hardware.OS
// takes: hybrid GPU+CPU decode costs more on Windows and under WSL2
// (estimate/host_os.go).
const (
	OSLinux   = "linux"
	OSWindows = "windows"
	OSWSL     = "wsl"
	OSMacOS   = "macos"
)

// wslRelease is where Linux names its kernel; WSL2's contains "microsoft"
// ("5.15.167.4-microsoft-standard-WSL2").
const wslRelease = "/proc/sys/kernel/osrelease"

// hostOS is the operating system fitcheck runs on; "" for one the
// estimator has no name for (it refuses unknown names).
func hostOS() string {
	switch runtime.GOOS {
	case "windows":
		return OSWindows
	case "darwin":
		return OSMacOS
	case "linux":
		if isWSL(wslRelease) {
			return OSWSL
		}
		return OSLinux
	}
	return ""
}

// isWSL reads at most 256 bytes of the kernel release (a procfs file,
// not a regular file on disk: its size is reported as 0).
func isWSL(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 256))
	return strings.Contains(strings.ToLower(string(b)), "microsoft")
}

// ParseOS checks an --os value.
func ParseOS(v string) (string, error) {
	switch x := strings.ToLower(strings.TrimSpace(v)); x {
	case OSLinux, OSWindows, OSWSL, OSMacOS:
		return x, nil
	case "darwin", "mac":
		return OSMacOS, nil
	}
	return "", fmt.Errorf("--os %q: give linux, windows, wsl (Windows Subsystem for Linux) or macos", v)
}
