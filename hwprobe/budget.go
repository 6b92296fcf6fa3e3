package hwprobe

// GPUBudgetBytes is the memory a model may take on g: its free memory, or
// its total with assumeIdle (or when the driver does not report free).
func GPUBudgetBytes(g GPU, assumeIdle bool) int64 {
	if assumeIdle || g.MemoryFreeBytes == nil {
		return g.MemoryTotalBytes
	}
	return min(*g.MemoryFreeBytes, g.MemoryTotalBytes)
}

// RAMForCPUBytes is the system RAM left for model layers on the CPU:
// available RAM (total with assumeIdle) minus what unified-memory GPUs
// draw from the same RAM, so no byte is counted twice.
func RAMForCPUBytes(s Snapshot, assumeIdle bool) int64 {
	ram := s.Memory.AvailableBytes
	if assumeIdle {
		ram = s.Memory.TotalBytes
	}
	for _, g := range s.GPUs {
		if !g.UnifiedMemory {
			continue
		}
		take := GPUBudgetBytes(g, assumeIdle)
		if g.SharedMemoryBytes > 0 {
			take = min(take, g.SharedMemoryBytes)
		}
		ram -= take
	}
	return max(ram, 0)
}
