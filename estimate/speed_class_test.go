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
