package hwprobe

// GPUBudgetBytes is the memory a model may take on g: its free memory, or
// its total with assumeIdle (or when the driver does not report free).
func GPUBudgetBytes(g GPU, assumeIdle bool) int64 {
	if assumeIdle || g.MemoryFreeBytes == nil {
		return g.MemoryTotalBytes
	}
	return min(*g.MemoryFreeBytes, g.MemoryTotalBytes)
}
