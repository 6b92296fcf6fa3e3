package localmodel

import (
	"bufio"

	"io"
	"math"
	"os"
	"strings"

	ggufparser "github.com/gpustack/gguf-parser-go"

	"github.com/fitcheck/fitcheck/catalog"
)

// Summary is what `fitcheck installed` shows of a GGUF: the leading
// metadata keys, not the tensor list.
type Summary struct {
	Arch      string
	Name      string
	Quant     string
	BaseRepos []string
	Layers    int
	Hidden    int
}

// ScanGGUF reads the general.* and architecture keys at the start of a
// GGUF header and stops at the tokenizer: convert_hf_to_gguf.py and
// llama-quantize write general.*, then the architecture's keys, then
// tokenizer.* (a 150k-entry vocabulary takes milliseconds to walk even
// unread), then the tensor list. Listing a hundred installed models so
// takes a few milliseconds, where the full parse that `fit PATH` uses for
// exact sizes takes seconds. A file laid out otherwise is scanned to the
// end of its metadata, never further.
func ScanGGUF(path string) (*Summary, error) {
	if _, err := regularFile(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := scanMetadata(f)
	if err != nil {
		return nil, truncated(err)
	}
	return s, nil
}

func (w *headerWalker) bytes(n uint64) ([]byte, error) {
	if n > 1<<16 {
		return nil, errHeaderTooLarge // no key or wanted value is this long
	}
	if n > uint64(w.max-w.n) {
		return nil, errHeaderTooLarge
	}
	b := make([]byte, n)
	_, err := io.ReadFull(w.r, b)
	w.n += int64(n)
	return b, err
}

func scanMetadata(f io.Reader) (*Summary, error) {
	w := &headerWalker{r: bufio.NewReaderSize(f, 16<<10), max: MaxHeaderBytes}
	magic, err := w.u32()
	if err != nil {
		return nil, err
	}
	if magic != 0x46554747 {
		return nil, ErrNotGGUF
	}
	if v, err := w.u32(); err != nil || v < 2 || v > 3 {
		if err == nil {
			err = errVersion(v)
		}
		return nil, err
	}
	if _, err := w.u64(); err != nil { // tensor count
		return nil, err
	}
	nkv, err := w.u64()
	if err != nil {
		return nil, err
	}
	if nkv > maxKVs {
		return nil, errHeaderTooLarge
	}
	s := &Summary{Quant: "unknown"}
	for range nkv {
		kl, err := w.u64()
		if err != nil {
			return nil, err
		}
		kb, err := w.bytes(kl)
		if err != nil {
			return nil, err
		}
		key := string(kb)
		if strings.HasPrefix(key, "tokenizer.") {
			break // what follows is the vocabulary and the tensor list
		}
		t, err := w.u32()
		if err != nil {
			return nil, err
		}
		wanted := key == "general.architecture" || key == "general.name" || key == "general.file_type" ||
			strings.HasPrefix(key, "general.base_model.") && strings.HasSuffix(key, ".repo_url") ||
			s.Arch != "" && (key == s.Arch+".block_count" || key == s.Arch+".embedding_length")
		if !wanted {
			if err := w.value(t, 0); err != nil {
				return nil, err
			}
			continue
		}
		var str string
		var num uint64
		switch t {
		case 8:
			l, err := w.u64()
			if err != nil {
				return nil, err
			}
			b, err := w.bytes(l)
			if err != nil {
				return nil, err
			}
			str = string(b)
		case 4, 5:
			v, err := w.u32()
			if err != nil {
				return nil, err
			}
			num = uint64(v)
		case 10, 11:
			if num, err = w.u64(); err != nil {
				return nil, err
			}
		default:
			if err := w.value(t, 0); err != nil {
				return nil, err
			}
			continue
		}
		switch {
		case key == "general.architecture":
			s.Arch = str
		case key == "general.name":
			s.Name = str
		case key == "general.file_type" && num < math.MaxUint32:
			s.Quant = quantName(ggufparser.GGUFFileType(num))
		case strings.HasPrefix(key, "general.base_model."):
			if id, ok := strings.CutPrefix(str, "https://huggingface.co/"); ok && strings.Count(id, "/") == 1 {
				s.BaseRepos = append(s.BaseRepos, id)
			}
		case strings.HasSuffix(key, ".block_count"):
			s.Layers = int(min(num, 1<<20))
		case strings.HasSuffix(key, ".embedding_length"):
			s.Hidden = int(min(num, 1<<24))
		}
	}
	if s.Arch == "" {
		s.Arch = "llama" // GGUF's default when general.architecture is missing (gguf.md)
	}
	return s, nil
}

// arch is what Match compares: layers and hidden size.
func (s *Summary) arch() *catalog.Arch {
	return &catalog.Arch{Layers: s.Layers, HiddenSize: s.Hidden}
}

type errVersion uint32

func (e errVersion) Error() string {
	return "unsupported GGUF version " + itoa(uint64(e)) + " (llama.cpp writes 2 and 3)"
}

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}
