// Package ggufwrite writes GGUF files for tests: a real GGUF v3 header
// (ggml/docs/gguf.md: magic, version, counts, typed metadata, tensor infos,
// alignment padding) followed by tensor data left sparse (the file is
// extended with Truncate, so a "7 GB" model takes a few kilobytes of disk).
// No model files live in the repository; tests write what they need.
package ggufwrite

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
)

// ggml tensor types and their block layout (ggml/src/ggml.c type_traits).
const (
	F32   uint32 = 0
	F16   uint32 = 1
	Q4_0  uint32 = 2
	Q5_0  uint32 = 6
	Q8_0  uint32 = 8
	Q4_K  uint32 = 12
	Q5_K  uint32 = 13
	Q6_K  uint32 = 14
	BF16  uint32 = 30
	MXFP4 uint32 = 39
)

var traits = map[uint32][2]uint64{ // block size, bytes per block
	F32: {1, 4}, F16: {1, 2}, BF16: {1, 2}, Q4_0: {32, 18}, Q5_0: {32, 22}, Q8_0: {32, 34},
	Q4_K: {256, 144}, Q5_K: {256, 176}, Q6_K: {256, 210}, MXFP4: {32, 17},
}

// Bytes is the storage of a tensor of type t with dims (ne0 first).
func Bytes(t uint32, dims []uint64) uint64 {
	tr := traits[t]
	n := uint64(1)
	for _, d := range dims {
		n *= d
	}
	return n / tr[0] * tr[1]
}

// KV is one metadata pair. Values: string, uint32, int32, uint64, float32,
// bool, []string, []int32, []uint32, []float32, []bool.
type KV struct {
	Key   string
	Value any
}

// Tensor is one tensor info.
type Tensor struct {
	Name string
	Dims []uint64 // ne0 first, as in the file
	Type uint32
}

const alignment = 32

type writer struct{ bytes.Buffer }

func (w *writer) u32(v uint32) { _ = binary.Write(w, binary.LittleEndian, v) }
func (w *writer) u64(v uint64) { _ = binary.Write(w, binary.LittleEndian, v) }
func (w *writer) str(s string) { w.u64(uint64(len(s))); w.WriteString(s) }

func (w *writer) boolean(b bool) {
	if b {
		w.WriteByte(1)
	} else {
		w.WriteByte(0)
	}
}

// array writes a GGUF array (type 9) of element type typ.
func array[T any](w *writer, typ uint32, xs []T, put func(T)) {
	w.u32(9)
	w.u32(typ)
	w.u64(uint64(len(xs)))
	for _, e := range xs {
		put(e)
	}
}

func (w *writer) value(v any) error {
	switch x := v.(type) {
	case string:
		w.u32(8)
		w.str(x)
	case uint32:
		w.u32(4)
		w.u32(x)
	case int32:
		w.u32(5)
		w.u32(uint32(x))
	case uint64:
		w.u32(10)
		w.u64(x)
	case float32:
		w.u32(6)
		w.u32(math.Float32bits(x))
	case bool:
		w.u32(7)
		w.boolean(x)
	case []string:
		array(w, 8, x, w.str)
	case []int32:
		array(w, 5, x, func(e int32) { w.u32(uint32(e)) })
	case []uint32:
		array(w, 4, x, w.u32)
	case []float32:
		array(w, 6, x, func(e float32) { w.u32(math.Float32bits(e)) })
	case []bool:
		array(w, 7, x, w.boolean)
	default:
		return fmt.Errorf("ggufwrite: unsupported value %T", v)
	}
	return nil
}

// Header is the GGUF header (with padding) for kvs and tensors, and the
// total size of the tensor data that follows it.
func Header(kvs []KV, tensors []Tensor) ([]byte, uint64, error) {
	var w writer
	w.WriteString("GGUF")
	w.u32(3)
	w.u64(uint64(len(tensors)))
	w.u64(uint64(len(kvs)))
	for _, kv := range kvs {
		w.str(kv.Key)
		if err := w.value(kv.Value); err != nil {
			return nil, 0, err
		}
	}
	var off uint64
	for _, t := range tensors {
		if _, ok := traits[t.Type]; !ok {
			return nil, 0, fmt.Errorf("ggufwrite: unknown type %d", t.Type)
		}
		w.str(t.Name)
		w.u32(uint32(len(t.Dims)))
		for _, d := range t.Dims {
			w.u64(d)
		}
		w.u32(t.Type)
		w.u64(off)
		off += (Bytes(t.Type, t.Dims) + alignment - 1) / alignment * alignment
	}
	for w.Len()%alignment != 0 {
		w.WriteByte(0)
	}
	return w.Bytes(), off, nil
}

// Write writes a GGUF file at path: the header, then sparse tensor data.
// It returns the file's size.
func Write(path string, kvs []KV, tensors []Tensor) (int64, error) {
	h, data, err := Header(kvs, tensors)
	if err != nil {
		return 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	if _, err := f.Write(h); err != nil {
		f.Close()
		return 0, err
	}
	size := int64(len(h)) + int64(data)
	if err := f.Truncate(size); err != nil {
		f.Close()
		return 0, err
	}
	return size, f.Close()
}
