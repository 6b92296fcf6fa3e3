package hwprobe

import "fmt"

// OSRAMReserveBytes is the system RAM a machine's operating system keeps
// from a model when fitcheck has only the RAM's size: a what-if machine
// (--ram) and "assume idle", which sets aside what other programs hold but
// not what the OS itself needs. A probed machine's available memory
// already leaves it out.
//
// It matters where a model's host part comes close to the RAM: llama.cpp
// maps the file, and experts kept in RAM that the page cache cannot hold
// are read from disk for every token.
//
// The figure is a desktop Linux's own use, idle after a graphical login:
// GNOME, the heaviest desktop measured, left 1471 of a 4 GB machine's 4096
// MiB available, 2625 MiB taken (KDE 1792, Xfce 1508, a bare window manager
// 905; single samples, the same apps open:
// https://github.com/fdev31/archx/blob/192b58c77a35287b63eb221e2a923d4fa0ca3485/www/intro.md).
// Taken from the RAM's nominal size, it covers the firmware's and kernel's
// share as well. A published run sits below it: a 16 GiB Linux desktop
// with 1.3 GiB beside Qwen3-30B-A3B's experts in RAM decoded at 2.75 tok/s
// and read a 512-token prompt at 14, under mainline llama.cpp and
// ik_llama.cpp alike, where the same placement with room runs at about 22
// (estimate/testdata/hard_cases.csv offload_decode-288/289; paging is
// fitcheck's reading, the source does not name a cause).
//
// No Windows figure was found; the same reserve stands in for it (a GTX
// 970M laptop under Windows with 5.4 GiB beside the experts ran unevenly,
// offload_decode-263..272, which suggests Windows needs more).
const OSRAMReserveBytes = 2625 << 20

// SmallOSRAMReserveBytes is the reserve of a machine with at most
// SmallMachineBytes of RAM: the lightest configuration the same source
// measured, a bare window manager, 905 MiB taken. A GNOME session would
// leave such a machine a third of its memory or nothing, and the boards
// sold with 1-4 GB (Raspberry Pi, Jetson Nano, Orange Pi) mostly run
// headless or with a light desktop; with the desktop figure a 2 GB
// Raspberry Pi 5, which ran Qwen2.5-0.5B in every format from Q2_K to
// Q8_0 (hard_cases.csv prefill-1450..1454), had no memory left at all.
const SmallOSRAMReserveBytes = 905 << 20

// SmallMachineBytes: the 4 GB machine the reserves were measured on.
const SmallMachineBytes = 4 << 30

// OSRAMReserveFor is the reserve of a machine with total bytes of RAM:
// the small-machine one up to SmallMachineBytes, the desktop one from where
// it leaves more than a 4 GiB machine keeps (4096 - 905 MiB); in between
// the usable RAM stays at that, so more RAM never leaves less for a model.
func OSRAMReserveFor(total int64) int64 {
	usable := max(total-OSRAMReserveBytes, min(total, SmallMachineBytes)-SmallOSRAMReserveBytes)
	return min(total, total-usable)
}

// OSRAMReserveNote is what fitcheck says where a reserve of the given size
// is taken.
func OSRAMReserveNote(reserve int64) string {
	return fmt.Sprintf("%.1f GiB kept for the OS", float64(reserve)/(1<<30))
}

// RAMLessOSReserve is what of a machine's RAM of the given size a model may
// use when only the size is known.
func RAMLessOSReserve(total int64) int64 {
	return max(total-OSRAMReserveFor(total), 0)
}

// OSReserveBytes is what a what-if machine's RAM keeps for its OS: the gap
// between its total and available memory, 0 for probed memory.
func (m Memory) OSReserveBytes() int64 {
	if m.Source != SourceOverride || m.AvailableBytes >= m.TotalBytes {
		return 0
	}
	return m.TotalBytes - m.AvailableBytes
}
