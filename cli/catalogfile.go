package cli

import (
	"fmt"
	"os"
)

// maxCatalogBytes caps a catalog file. The built-in catalog's JSON is well
// under 1 MiB for ~300 models; 32 MiB leaves room for any real catalog
// while /dev/zero or a mistaken disk image fails at once instead of
// exhausting memory.
const maxCatalogBytes = 32 << 20

// readCatalogFile reads a user catalog: a regular file (a FIFO or device
// would block or never end), at most maxCatalogBytes.
func readCatalogFile(path string) ([]byte, error) {
	data, err := readRegularFile(path, maxCatalogBytes)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	return data, nil
}

// fileKind names what a non-regular file is, for an error message.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
