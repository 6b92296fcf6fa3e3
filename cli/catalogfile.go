package cli

import (
	"fmt"

	"github.com/fitcheck/fitcheck/internal/regularfile"
)

// maxCatalogBytes caps a catalog file. The built-in catalog's JSON is well
// under 1 MiB for ~300 models; 32 MiB leaves room for any real catalog
// while /dev/zero or a mistaken disk image fails at once instead of
// exhausting memory.
const maxCatalogBytes = 32 << 20

// readCatalogFile reads a user catalog: a regular file (a FIFO or device
// would block or never end), at most maxCatalogBytes.
func readCatalogFile(path string) ([]byte, error) {
	data, err := regularfile.Read(path, maxCatalogBytes)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	return data, nil
}
