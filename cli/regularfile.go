package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// maxCatalogFileBytes caps a --catalog file: the whole built-in catalog is
// under 1 MiB of JSON.
const maxCatalogFileBytes = 32 << 20

// readRegularFile reads a user-named input file: a regular file only (a
// FIFO would block, /dev/zero never ends) and at most limit bytes.
func readRegularFile(path string, limit int64) ([]byte, error) {
	// Stat before opening: opening a FIFO blocks until a writer comes.
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}
