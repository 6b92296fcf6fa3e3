package hwprobe

import (
	"fmt"
	"math"
	"strconv"
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
// name (free= and pcie=) to its devices.
func applyNamedKeys(gpus []GPU, spec string, keys []string) error {
	seen := map[string]bool{}
	for _, field := range keys {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		k, v, ok := strings.Cut(field, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || v == "" || (k != "free" && k != "pcie" && k != "power") {
			return fmt.Errorf("GPU spec %q: after a name only free=SIZE, pcie=GENxLANES and power=WATTS may follow (a custom device takes %s)", spec, customKeys)
		}
		if seen[k] {
			return fmt.Errorf("GPU spec %q: %s given twice", spec, k)
		}
		seen[k] = true
		var err error
		switch k {
		case "free":
			err = setFree(gpus, spec, v)
		case "pcie":
			err = setGivenPCIe(gpus, spec, v)
		default:
			err = setPowerLimit(gpus, spec, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// setPowerLimit gives every device of gpus the board power limit power=
// names ("220", "220W"): a cap (nvidia-smi -pl), or a factory card's own
// limit above the chip's reference. It is read against that reference,
// so the database must know it.
func setPowerLimit(gpus []GPU, spec, v string) error {
	w, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(v, "W"), "w"), 64)
	if err != nil || math.IsNaN(w) || w <= 0 || w > 5000 {
		return fmt.Errorf("GPU spec %q: power=%s is not a board power in watts (e.g. power=220W)", spec, v)
	}
	for i := range gpus {
		if gpus[i].PowerReferenceW == nil {
			return fmt.Errorf("GPU spec %q: power= needs %s's reference board power, which fitcheck's database does not have", spec, gpus[i].Name)
		}
		if ref := *gpus[i].PowerReferenceW; w > 1.5*ref {
			return fmt.Errorf("GPU spec %q: power=%s is above what %s's board can take (reference %.0f W)", spec, v, gpus[i].Name, ref)
		}
		lim := w
		gpus[i].PowerLimitW = &lim
	}
	return nil
}

// setGivenPCIe gives every discrete device of gpus the link pcie= names.
func setGivenPCIe(gpus []GPU, spec, v string) error {
	l, err := ParsePCIeLink(v)
	if err != nil {
		return fmt.Errorf("GPU spec %q: %w", spec, err)
	}
	for i := range gpus {
		if gpus[i].UnifiedMemory {
			return fmt.Errorf("GPU spec %q: pcie= is for discrete cards; %s shares system RAM", spec, gpus[i].Name)
		}
		setPCIeLink(&gpus[i], l, pcieBasisGiven)
	}
	return nil
}
