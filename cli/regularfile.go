package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readRegularFile reads a user-named input file: a regular file only (a
// FIFO would block, /dev/zero never ends) and at most limit bytes.
func readRegularFile(path string, limit int64) ([]byte, error) {
	// Stat before opening: opening a FIFO blocks until a writer comes.
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file but " + fileKind(st.Mode()))
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
		if limit%(1<<20) == 0 {
			return nil, fmt.Errorf("larger than %d MiB, the most fitcheck reads", limit>>20)
		}
		return nil, fmt.Errorf("larger than %d bytes, the most fitcheck reads", limit)
	}
	return data, nil
}
