package hwprobe

import (
	"fmt"
	"strings"
)

// A what-if card is idle unless the user says otherwise: its free memory is
// its total (less the Windows desktop's reserve on a Windows host). free=
// gives the free memory a card has on the machine being sized, as
// nvidia-smi or Task Manager reads it there. What other programs hold
// decides a tight fit: an RTX 4060 Laptop whose desktop and browser held
// 702 MiB of 8188 ran past its VRAM ceiling at 7.7 GiB of model
// (estimate/testdata/hard_cases.csv offload_decode-124..127, gpu_free_mib).

// FreeGivenNote is what a GPU's MemoryBasis says when free= set its free
// memory; the Windows reserve then does not apply on top.
const FreeGivenNote = "free memory as given (free=)"

// freeGiven reports whether free= set g's free memory.
func freeGiven(g *GPU) bool { return strings.Contains(g.MemoryBasis, FreeGivenNote) }

// setFree gives every device of gpus free bytes of free memory.
func setFree(gpus []GPU, spec, v string) error {
	free, err := ParseSize(v)
	if err != nil {
		return fmt.Errorf("GPU spec %q: free: %w", spec, err)
	}
	for i := range gpus {
		g := &gpus[i]
		if g.UnifiedMemory {
			return fmt.Errorf("GPU spec %q: free= is for discrete cards; %s shares system RAM, give --ram", spec, g.Name)
		}
		if free > g.MemoryTotalBytes {
			return fmt.Errorf("GPU spec %q: free=%s is more than the card's %.2f GiB", spec, v, float64(g.MemoryTotalBytes)/(1<<30))
		}
		f := free
		g.MemoryFreeBytes = &f
		g.MemoryBasis += "; " + FreeGivenNote
	}
	return nil
}

// splitNamedKeys splits "RTX 4060 Laptop, free=7GiB" into the name part and
// its key=value fields; ok is false when the first field is itself a key
// (a custom device).
func splitNamedKeys(s string) (name string, keys []string, ok bool) {
	head, rest, _ := strings.Cut(s, ",")
	if strings.Contains(head, "=") {
		return "", nil, false
	}
	return strings.TrimSpace(head), strings.Split(rest, ","), true
}

// applyNamedKeys applies the key=value fields that may follow a database
// name (only free=) to its devices.
func applyNamedKeys(gpus []GPU, spec string, keys []string) error {
	seen := false
	for _, field := range keys {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		k, v, ok := strings.Cut(field, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || v == "" || k != "free" {
			return fmt.Errorf("GPU spec %q: after a name only free=SIZE may follow (a custom device takes %s)", spec, customKeys)
		}
		if seen {
			return fmt.Errorf("GPU spec %q: free given twice", spec)
		}
		seen = true
		if err := setFree(gpus, spec, v); err != nil {
			return err
		}
	}
	return nil
}
