package estimate

import "testing"

func TestGPUL2Bytes(t *testing.T) {
	const k, m = int64(1) << 10, int64(1) << 20
	cases := []struct {
		name string
		want int64
	}{
		// Spellings from nvidia-smi and hwprobe/accelerators.csv.
		{"NVIDIA GeForce GTX 1060 6GB", 1536 * k},
		{"GeForce GTX 1060", 1536 * k},
		{"NVIDIA GeForce GTX 1070", 2 * m},
		{"NVIDIA GeForce GTX 1080", 2 * m},
		{"NVIDIA GeForce GTX 1660 Ti", 1536 * k},
		{"NVIDIA GeForce RTX 2060", 3 * m},
		{"NVIDIA GeForce RTX 2070", 4 * m},
		{"NVIDIA TITAN RTX", 6 * m},
		{"Quadro RTX 4000", 4 * m},
		{"Quadro RTX 6000", 6 * m},
		{"Quadro RTX 8000", 6 * m},
		{"Tesla T4", 4 * m},
		{"NVIDIA T4", 4 * m},
		{"Tesla V100-SXM2-32GB", 6 * m},
		{"Tesla V100-PCIE-32GB", 6 * m},
		{"NVIDIA V100 SXM2", 6 * m},
		{"Tesla P40", 3 * m},
		{"Tesla P100-PCIE-16GB", 4 * m},
		{"Tesla P100-SXM2-16GB", 4 * m},
		{"NVIDIA GeForce RTX 3060", 3 * m},
		{"NVIDIA GeForce RTX 3060 12GB", 3 * m},
		{"NVIDIA GeForce RTX 3060 Ti", 4 * m},
		{"NVIDIA GeForce RTX 3070", 4 * m},
		{"NVIDIA GeForce RTX 3070 Ti", 4 * m},
		{"NVIDIA GeForce RTX 3080", 5 * m},
		{"NVIDIA GeForce RTX 3080 12GB", 5 * m},
		{"NVIDIA GeForce RTX 3090", 6 * m},
		{"NVIDIA GeForce RTX 3090 Ti", 6 * m},
		{"NVIDIA RTX A4000", 4 * m},
		{"NVIDIA RTX A6000", 6 * m},
		{"NVIDIA A10", 6 * m},
		{"NVIDIA A40", 6 * m},
		{"NVIDIA A100-SXM4-80GB", 40 * m},
		{"NVIDIA A100-SXM4-40GB", 40 * m},
		{"NVIDIA A100 80GB PCIe", 40 * m},
		{"NVIDIA L4", 48 * m},
		{"NVIDIA GeForce RTX 4060", 24 * m},
		{"NVIDIA GeForce RTX 4060 Ti", 32 * m},
		{"NVIDIA GeForce RTX 4070", 36 * m},
		{"NVIDIA GeForce RTX 4070 SUPER", 48 * m},
		{"NVIDIA GeForce RTX 4070 Ti", 48 * m},
		{"GeForce RTX 4070Ti", 48 * m},
		{"NVIDIA GeForce RTX 4080", 64 * m},
		{"NVIDIA GeForce RTX 4080 SUPER", 64 * m},
		{"NVIDIA GeForce RTX 4090", 72 * m},
		{"GeForce RTX 4090", 72 * m},
		{"4090", 72 * m}, // a bare model number, as hwprobe's aliases list it
		{"5070", 48 * m},
		{"4070 Ti", 48 * m},
		{"RTX Titan", 6 * m},
		{"NVIDIA RTX 4000 Ada Generation", 48 * m},
		{"NVIDIA RTX 6000 Ada Generation", 96 * m},
		{"NVIDIA H100 80GB HBM3", 50 * m},
		{"NVIDIA H100 PCIe", 50 * m},
		{"NVIDIA H100 SXM5 80GB", 50 * m},
		{"NVIDIA GeForce RTX 5060", 32 * m},
		{"NVIDIA GeForce RTX 5060 Ti", 32 * m},
		{"NVIDIA GeForce RTX 5070", 48 * m},
		{"NVIDIA GeForce RTX 5080", 64 * m},
		{"NVIDIA GeForce RTX 5090", 96 * m},
		{"NVIDIA Jetson AGX Orin 64GB", 4 * m},
		{"Jetson AGX Orin", 4 * m},

		// Tricky names: a suffix or prefix makes another product.
		{"NVIDIA GeForce RTX 4070 Ti SUPER", 0}, // not an RTX 4070 Ti, nor an RTX 4070
		{"NVIDIA GeForce RTX 5070 Ti", 0},       // not an RTX 5070
		{"NVIDIA GeForce RTX 3080 Ti", 0},       // not an RTX 3080
		{"NVIDIA GeForce RTX 2080 Ti", 0},       // not an RTX 2080
		{"NVIDIA GeForce RTX 2080 SUPER", 0},
		{"NVIDIA GeForce RTX 2080", 0},       // only its die's L2 is sourced
		{"RTX 2070 SUPER", 0},                // likewise
		{"NVIDIA GeForce RTX 2060 SUPER", 0}, // likewise
		{"NVIDIA GeForce GTX 1660", 0},       // likewise
		{"NVIDIA GeForce GTX 1650", 0},       // likewise
		{"Tesla P100-PCIE-12GB", 0},          // a narrower board than the 16 GB
		{"NVIDIA GeForce GTX 1080 Ti", 0},
		{"NVIDIA GeForce GTX 1660 SUPER", 0},
		{"NVIDIA GeForce GTX 1060 3GB", 0},
		{"NVIDIA GeForce RTX 3060 8GB", 0},
		{"NVIDIA GeForce RTX 4090 D", 0},
		{"NVIDIA GeForce RTX 4090 Laptop GPU", 0}, // AD103, not AD102
		{"NVIDIA GeForce RTX 3060 Laptop GPU", 0},
		{"NVIDIA GeForce RTX 2080 Max-Q", 0},
		{"Quadro RTX 5000", 0},                    // Turing, not an RTX 50 card
		{"NVIDIA RTX 5000 Ada Generation", 0},     // Ada, not an RTX 50 card
		{"NVIDIA RTX 4000 SFF Ada Generation", 0}, // not the RTX 4000 Ada
		{"RTX 6000", 0},                           // Quadro RTX 6000 or RTX 6000 Ada?
		{"NVIDIA RTX PRO 6000 Blackwell", 0},      // not the RTX 6000 Ada
		{"NVIDIA H100 NVL", 0},                    // no source for the NVL
		{"NVIDIA H100 80GB HBM3 MIG 1g.10gb", 0},  // a slice of the L2
		{"NVIDIA A10G", 0},                        // not an A10
		{"NVIDIA L40S", 0},                        // not an L4; no agreeing sources
		{"Tesla V100S-PCIE-32GB", 0},              // not a V100

		// Unknown names.
		{"NVIDIA GB10", 0},
		{"NVIDIA DGX Spark (GB10)", 0},
		{"NVIDIA B200", 0},
		{"NVIDIA H200", 0},
		{"NVIDIA Jetson Orin Nano 8GB", 0},
		{"NVIDIA Jetson AGX Orin 32GB", 0},
		{"NVIDIA Mystery 9000", 0},
		{"AMD Radeon RX 7900 XTX", 0},
		{"", 0},
	}
	for _, c := range cases {
		if got := gpuL2Bytes(c.name); got != c.want {
			t.Errorf("gpuL2Bytes(%q) = %d (%.2f MiB), want %d (%.2f MiB)", c.name, got, float64(got)/float64(m), c.want, float64(c.want)/float64(m))
		}
	}
}

// Case and separators must not matter.
func TestGPUL2BytesSpelling(t *testing.T) {
	want := gpuL2Bytes("NVIDIA GeForce RTX 4070 Ti")
	for _, n := range []string{"nvidia geforce rtx 4070 ti", "NVIDIA_GEFORCE_RTX_4070_TI", "GeForce-RTX-4070-Ti", "  RTX 4070 Ti  "} {
		if got := gpuL2Bytes(n); got != want {
			t.Errorf("gpuL2Bytes(%q) = %d, want %d", n, got, want)
		}
	}
}

// Every table entry is reachable by its own tokens and gives a positive size,
// and no two entries share a token sequence.
func TestGPUL2TableConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range gpuL2Table {
		key := ""
		for _, s := range e.seq {
			key += s + " "
		}
		if seen[key] {
			t.Errorf("duplicate entry %q", key)
		}
		seen[key] = true
		if e.bytes <= 0 {
			t.Errorf("%q: size %d", key, e.bytes)
		}
		if got := gpuL2Bytes(key); got != e.bytes {
			t.Errorf("gpuL2Bytes(%q) = %d, want its entry's %d", key, got, e.bytes)
		}
	}
}
