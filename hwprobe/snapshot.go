// Package hwprobe finds out what hardware fitcheck runs on (CPU, system
// memory with container limits, every GPU) and holds the accelerator
// database used for what-if hardware. Every reader takes its root path so
// tests run on fixture trees; probes run concurrently with timeouts and turn
// failures into warnings, never crashes.
package hwprobe

import "strings"

// Where a snapshot's values came from.
const (
	SourceProbe    = "probe"    // everything probed on this machine
	SourceOverride = "override" // everything given by what-if flags
	SourceMixed    = "mixed"    // probed, with some parts replaced by flags
)

// GPU backends.
const (
	BackendCUDA   = "cuda"
	BackendROCm   = "rocm"
	BackendMetal  = "metal"
	BackendVulkan = "vulkan"
	BackendSYCL   = "sycl"
)

// Snapshot is everything the estimates need to know about a machine. Its
// JSON field names are the "hardware" part of fitcheck's JSON contract.
type Snapshot struct {
	Source string `json:"source"` // probe | override | mixed
	CPU    CPU    `json:"cpu"`
	Memory Memory `json:"memory"`
	GPUs   []GPU  `json:"gpus"`
	// Interconnect is how the GPUs reach each other for tensor
	// parallelism: InterconnectNVLink, InterconnectPCIe (peer-to-peer),
	// InterconnectHost (through host memory), or "" (one GPU, or not
	// known: the estimator guesses from the GPU names).
	Interconnect string `json:"interconnect"`
	// OS is the host operating system (OSLinux, OSWindows, OSWSL, OSMacOS),
	// "" for a what-if machine unless --os names it.
	OS       string   `json:"os"`
	Warnings []string `json:"warnings"`
}

// BandwidthMeasured says the RAM bandwidth is this machine's own read
// benchmark (hw --measure, cached), not a DRAM peak or an estimate: what
// software reaches, already below the peak.
func (m Memory) BandwidthMeasured() bool {
	return strings.HasPrefix(m.BandwidthBasis, measuredBasis)
}

// measuredBasis starts every BandwidthBasis of a measurement.
const measuredBasis = "measured"

// Interconnects (Snapshot.Interconnect), the values estimate.Hardware takes.
const (
	InterconnectNVLink = "nvlink"
	InterconnectPCIe   = "pcie"
	InterconnectHost   = "host"
)

// CPU describes the host processor.
type CPU struct {
	Model         string   `json:"model"`
	Vendor        string   `json:"vendor"`
	Arch          string   `json:"arch"` // GOARCH: amd64, arm64, ...
	PhysicalCores int      `json:"physical_cores"`
	LogicalCores  int      `json:"logical_cores"`
	Features      []string `json:"features"` // inference-relevant: avx2, avx512f, avx512_vnni, avx_vnni, amx, neon, sve, ...
	// MaxGHz is the maximum clock of the cores of Model (Linux cpufreq's
	// cpuinfo_max_freq, or --cpu-ghz); null when unknown. CPU prefill on
	// Arm scales with it (estimate/speed.go).
	MaxGHz *float64 `json:"max_ghz"`
	// Clusters are the core types of a big.LITTLE CPU (null for one
	// kind), from gopsutil's CPU list or --cpu-model "4x A@2.4+4x B@1.8".
	Clusters []CPUCluster `json:"clusters"`
	Source   string       `json:"source"`
}

// Memory is system RAM. Inside a container the cgroup limit caps both the
// total and the available figure.
type Memory struct {
	TotalBytes       int64    `json:"total_bytes"`
	AvailableBytes   int64    `json:"available_bytes"`
	CgroupLimitBytes *int64   `json:"cgroup_limit_bytes"` // null when not limited
	HostTotalBytes   int64    `json:"host_total_bytes"`   // the machine's RAM before any cgroup cap
	BandwidthGBps    *float64 `json:"bandwidth_gbps"`     // decimal GB/s; null when unknown
	BandwidthBasis   string   `json:"bandwidth_basis"`    // "measured", "estimate: ...", "override", "database: ..."
	Source           string   `json:"source"`
}

// GPU is one accelerator device (a MIG slice counts as a device).
type GPU struct {
	Name             string   `json:"name"`
	Vendor           string   `json:"vendor"`  // NVIDIA, AMD, Intel, Apple
	Backend          string   `json:"backend"` // cuda | rocm | metal | vulkan | sycl
	MemoryTotalBytes int64    `json:"memory_total_bytes"`
	MemoryFreeBytes  *int64   `json:"memory_free_bytes"` // null when the driver does not say
	BandwidthGBps    *float64 `json:"bandwidth_gbps"`
	FP16TFLOPs       *float64 `json:"fp16_tflops"`
	UnifiedMemory    bool     `json:"unified_memory"` // shares system RAM (Apple, DGX Spark, Strix Halo)
	Integrated       bool     `json:"integrated"`
	DriverVersion    string   `json:"driver_version"`
	Source           string   `json:"source"` // "nvml", "nvidia-smi", "sysfs", "sysctl", "override", "database: <name>"

	// MemoryBasis says how MemoryTotalBytes was found: "driver", or an
	// "estimate: ..." (Apple's Metal working set) the user should know about.
	MemoryBasis string `json:"memory_basis"`
	// SpecSource says where BandwidthGBps and FP16TFLOPs came from:
	// "database: <row>", "estimate: ...", "override", or "" when unknown.
	SpecSource string `json:"spec_source"`
	// SharedMemoryBytes is the system RAM a unified-memory device shares
	// (0 for discrete cards): the GPU share is inside it, not added to it.
	SharedMemoryBytes int64  `json:"shared_memory_bytes"`
	UUID              string `json:"uuid"`       // NVIDIA GPU-... or MIG-...; "" when unknown
	PCIBusID          string `json:"pci_bus_id"` // domain:bus:device.function; "" when unknown
	MIG               bool   `json:"mig"`        // a MIG slice of a larger GPU
	// PCIe is the host link of a discrete card (nil: unknown), PCIeBasis
	// where it came from: sysfs, the database, or pcie=.
	PCIe      *PCIeLink `json:"pcie,omitempty"`
	PCIeBasis string    `json:"pcie_basis,omitempty"`
	// PowerLimitW is the board power limit the driver enforces (NVML,
	// nvidia-smi) or power= of --gpu gives; PowerDefaultW the board's own
	// default limit (driver only); PowerReferenceW the chip's reference
	// board power from the database. Prefill follows the limit against
	// the reference (PowerLimit). nil: unknown.
	PowerLimitW     *float64 `json:"power_limit_w,omitempty"`
	PowerDefaultW   *float64 `json:"power_default_w,omitempty"`
	PowerReferenceW *float64 `json:"power_reference_w,omitempty"`
}

// PowerLimit is the board power limit in force and the chip's reference
// board power it is read against (the default limit stands in when the
// database has no reference); (0, 0) when either is unknown. A limit
// below the reference slows prefill, a factory card's higher one speeds
// it (estimate/power_limit.go).
func (g GPU) PowerLimit() (limitW, refW float64) {
	if g.PowerLimitW == nil || *g.PowerLimitW <= 0 {
		return 0, 0
	}
	switch {
	case g.PowerReferenceW != nil && *g.PowerReferenceW > 0:
		return *g.PowerLimitW, *g.PowerReferenceW
	case g.PowerDefaultW != nil && *g.PowerDefaultW > 0:
		return *g.PowerLimitW, *g.PowerDefaultW
	}
	return 0, 0
}

// SameKind reports whether two devices can be shown as one group ("2×
// RTX 3090"): the same name, memory, host link and power limit.
func (g GPU) SameKind(o GPU) bool {
	gl, _ := g.PowerLimit()
	ol, _ := o.PowerLimit()
	return g.Name == o.Name && g.MemoryTotalBytes == o.MemoryTotalBytes && gl == ol &&
		(g.PCIe == nil) == (o.PCIe == nil) && (g.PCIe == nil || *g.PCIe == *o.PCIe)
}

// NarrowLink is the card's host link when it has fewer than 16 lanes, the
// case worth showing beside the card (it slows the prefill of a partial
// offload); nil otherwise.
func (g GPU) NarrowLink() *PCIeLink {
	if g.PCIe != nil && g.PCIe.Lanes < 16 {
		return g.PCIe
	}
	return nil
}
