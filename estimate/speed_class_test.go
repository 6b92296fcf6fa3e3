package estimate

import "testing"

// Maxwell cards take GP100's class: both lack __dp4a (sm < 6.1).
func TestMaxwellNoDP4A(t *testing.T) {
	for name, want := range map[string]devClass{
		"NVIDIA GeForce GTX 970M": clsCUDANoDP4A, "NVIDIA GeForce GTX 980 Ti": clsCUDANoDP4A, "NVIDIA GeForce GTX 750 Ti": clsCUDANoDP4A,
		"NVIDIA GeForce GTX TITAN X": clsCUDANoDP4A, "Quadro M4000": clsCUDANoDP4A, "Tesla M40 24GB": clsCUDANoDP4A, "Tesla P100-PCIE-16GB": clsCUDANoDP4A,
		"NVIDIA GeForce GTX 1080 Ti": clsCUDANoTensor, "NVIDIA TITAN X (Pascal)": clsCUDANoTensor, "NVIDIA TITAN Xp": clsCUDANoTensor,
		"NVIDIA GeForce GTX 1660 SUPER": clsCUDATuringNoTensor, "Quadro RTX 5000": clsCUDATuringPro,
	} {
		if got := classify(&Device{Name: name, Backend: "cuda"}); got != want {
			t.Errorf("classify(%q) = %s, want %s", name, classNames[got], classNames[want])
		}
	}
}

// GCN cards under ROCm take the MI50's class, not discrete RDNA's.
func TestGCNUnderROCm(t *testing.T) {
	for name, want := range map[string]devClass{
		"Radeon RX 570 Series": clsROCmGCN, "AMD Radeon VII": clsROCmGCN, "AMD Radeon Instinct MI50 32GB": clsROCmGCN, "Radeon RX Vega 64": clsROCmGCN,
		"AMD Radeon RX 7900 XTX": clsROCm, "AMD Radeon AI PRO R9700": clsROCm, "AMD Radeon RX 5700 XT": clsROCm, "AMD Instinct MI250X": clsROCmInstinct,
	} {
		if got := classify(&Device{Name: name, Backend: "rocm"}); got != want {
			t.Errorf("classify(%q, rocm) = %s, want %s", name, classNames[got], classNames[want])
		}
	}
}

func TestIsRDNA3(t *testing.T) {
	for name, want := range map[string]bool{"AMD RADEON RX 7900 XTX": true, "RADEON RX 7900 GRE": true, "AMD RADEON RX 7600 XT": true, "AMD RADEON PRO W7900": true,
		"AMD RADEON AI PRO R9700": false, "AMD RADEON RX 9070 XT": false, "AMD RADEON RX 6800": false, "AMD RADEON RX 570": false, "RX 7": false} {
		if got := isRDNA3(name); got != want {
			t.Errorf("isRDNA3(%q) = %v, want %v", name, got, want)
		}
	}
}

// A decode row slower than the same configuration at a deeper prompt is
// flagged; other metrics, other configurations and rows within 3 % are not.
func TestShallowSlowerRows(t *testing.T) {
	row := func(id, prompt, value, ncm string) map[string]string {
		return map[string]string{"id": id, "group": "offload_decode", "metric": "decode_tps", "source": "https://x#a", "model": "m", "quant": "Q4_K_M",
			"gpu": "g", "prompt": prompt, "value": value, "n_cpu_moe": ncm}
	}
	rows := []map[string]string{
		row("short-slow", "11", "33.7", "32"), row("deep", "21970", "36.4", "32"),
		row("short-ok", "11", "35.5", "33"), row("deep-ok", "21970", "36.4", "33"), // within 3 %
		row("other-config", "11", "20", "34"),
	}
	e2e := row("e2e", "11", "10", "32")
	e2e["metric"] = "e2e_tps"
	got := shallowSlowerRows(append(rows, e2e))
	if len(got) != 1 || !got["short-slow"] {
		t.Errorf("flagged %v, want only short-slow", got)
	}
}
