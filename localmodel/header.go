package localmodel

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits on what a GGUF header may declare. The largest real headers hold a
// 256k-token vocabulary with its merges: 10–20 MB. gguf-parser-go bounds
// every length by the bytes left in the file, which for a 40 GB file is no
// bound at all, so fitcheck walks the header's lengths first (allocating
// nothing) and refuses a file past these limits before the parser runs.
const (
	MaxHeaderBytes = 64 << 20
	maxTensors     = 1 << 20
	maxKVs         = 1 << 16
	maxDims        = 4 // GGML_MAX_DIMS
	// maxArray: the longest real arrays are a vocabulary's tokens, scores
	// and types (≤ 262k entries); the parser holds each entry of the
	// arrays it reads as an interface value (16 bytes).
	maxArray = 1 << 21
	// maxBlocks: llama.cpp's LLAMA_MAX_LAYERS is 512; the parser sizes
	// per-layer slices by block_count before any other check.
	maxBlocks = 4096
)

// ErrNotGGUF is a file that does not start with the GGUF magic.
var ErrNotGGUF = errors.New("not a GGUF file (no GGUF magic)")

// headerWalker skims a GGUF header (v2/v3, little-endian: what llama.cpp
// writes) counting its bytes.
type headerWalker struct {
	r   *bufio.Reader
	n   int64 // bytes consumed
	max int64
}

var errHeaderTooLarge = fmt.Errorf("GGUF header larger than %d MiB", MaxHeaderBytes>>20)

func (w *headerWalker) skip(n uint64) error {
	if n > uint64(w.max-w.n) {
		return errHeaderTooLarge
	}
	d, err := w.r.Discard(int(n))
	w.n += int64(d)
	return err
}

func (w *headerWalker) u32() (uint32, error) {
	var b [4]byte
	if w.n+4 > w.max {
		return 0, errHeaderTooLarge
	}
	_, err := io.ReadFull(w.r, b[:])
	w.n += 4
	return binary.LittleEndian.Uint32(b[:]), err
}

func (w *headerWalker) u64() (uint64, error) {
	var b [8]byte
	if w.n+8 > w.max {
		return 0, errHeaderTooLarge
	}
	_, err := io.ReadFull(w.r, b[:])
	w.n += 8
	return binary.LittleEndian.Uint64(b[:]), err
}

func (w *headerWalker) str() error {
	l, err := w.u64()
	if err != nil {
		return err
	}
	return w.skip(l)
}

// gguf_type sizes (ggml/src/gguf.cpp GGUF_TYPE_SIZE); 8 is string, 9 array.
var valueSize = [...]uint64{0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}

func (w *headerWalker) value(t uint32, depth int) error {
	switch {
	case t == 8:
		return w.str()
	case t == 9:
		if depth > 0 {
			return errors.New("nested GGUF arrays")
		}
		et, err := w.u32()
		if err != nil {
			return err
		}
		n, err := w.u64()
		if err != nil {
			return err
		}
		if n > maxArray {
			return fmt.Errorf("GGUF metadata array of %d entries (limit %d)", n, maxArray)
		}
		if et == 8 {
			if n > uint64(w.max) { // every string takes at least its 8-byte length
				return errHeaderTooLarge
			}
			for range n {
				if err := w.str(); err != nil {
					return err
				}
			}
			return nil
		}
		if et == 9 || int(et) >= len(valueSize) || valueSize[et] == 0 {
			return fmt.Errorf("invalid GGUF array type %d", et)
		}
		if n > uint64(w.max)/valueSize[et] {
			return errHeaderTooLarge
		}
		return w.skip(n * valueSize[et])
	case int(t) < len(valueSize) && valueSize[t] > 0:
		return w.skip(valueSize[t])
	}
	return fmt.Errorf("invalid GGUF value type %d", t)
}

// walkHeader checks that f holds a complete GGUF v2/v3 header of at most
// MaxHeaderBytes and returns its size (without the alignment padding).
func walkHeader(f *os.File) (int64, error) {
	w := &headerWalker{r: bufio.NewReaderSize(f, 64<<10), max: MaxHeaderBytes}
	magic, err := w.u32()
	if err != nil {
		return 0, truncated(err)
	}
	if magic != 0x46554747 { // "GGUF" little-endian
		return 0, ErrNotGGUF
	}
	ver, err := w.u32()
	if err != nil {
		return 0, truncated(err)
	}
	if ver < 2 || ver > 3 {
		return 0, fmt.Errorf("unsupported GGUF version %d (llama.cpp writes 2 and 3)", ver)
	}
	nt, err := w.u64()
	if err != nil {
		return 0, truncated(err)
	}
	nkv, err := w.u64()
	if err != nil {
		return 0, truncated(err)
	}
	if nt > maxTensors || nkv > maxKVs {
		return 0, fmt.Errorf("GGUF header declares %d tensors and %d metadata keys (limits %d, %d)", nt, nkv, maxTensors, maxKVs)
	}
	for range nkv {
		if err := w.str(); err != nil {
			return 0, truncated(err)
		}
		t, err := w.u32()
		if err != nil {
			return 0, truncated(err)
		}
		if err := w.value(t, 0); err != nil {
			return 0, truncated(err)
		}
	}
	for range nt {
		if err := w.str(); err != nil {
			return 0, truncated(err)
		}
		nd, err := w.u32()
		if err != nil {
			return 0, truncated(err)
		}
		if nd == 0 || nd > maxDims {
			return 0, fmt.Errorf("GGUF tensor with %d dimensions", nd)
		}
		if err := w.skip(uint64(nd)*8 + 4 + 8); err != nil { // dims, type, offset
			return 0, truncated(err)
		}
	}
	return w.n, nil
}

// truncated names an early end of file as what it is.
func truncated(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("truncated GGUF header")
	}
	return err
}
