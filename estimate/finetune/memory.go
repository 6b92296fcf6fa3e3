package finetune

// Model constants, fitted to the published peak-memory and throughput
// measurements in estimate/testdata/finetune.csv (rows marked "fit"; the
// "holdout" rows are checked, never fitted). Each field says which rows
// set it.
type constantSet struct {
	// Activation bytes kept without checkpointing, relative to the
	// per-layer formula (activationElems). litgpt LoRA rows, Llama 2 7B and
	// 13B at micro batch 1: 1.07 and 1.10.
	ActFactorLoRA float64
	// QLoRA keeps more: bitsandbytes' 4-bit matmuls keep their 16-bit inputs
	// and dequantized copies. litgpt nf4-dq row, Llama 2 7B: 1.41.
	ActFactorQLoRA float64
	// Full fine-tuning keeps the inputs of every linear layer for the
	// weight gradients, as LoRA does: taken equal to LoRA's (no clean
	// full-fine-tuning peak with its settings was found).
	ActFactorFull float64
	// Bytes per hidden element per layer that gradient checkpointing keeps
	// for each token (the layer input, and what Hugging Face's wrapper keeps
	// with it). Hugging Face + FA2, Llama 3.1 8B QLoRA, 28,000 tokens on 80 GB.
	CkptInputBytes float64
	// With Unsloth's offloaded checkpointing and fused kernels: what the
	// recomputed layer holds per token relative to the formula, and a fixed
	// cost. Unsloth's Llama 3.1 8B rows (342,000 tokens on 80 GB, 2,900 on 8 GB).
	ActFactorUnsloth  float64
	UnslothFixedBytes int64
	// Bytes per vocabulary entry per token for a non-fused loss: bf16
	// logits, their fp32 upcast, fp32 log-probabilities and the fp32 and
	// bf16 gradients (how transformers' cross-entropy computes it).
	LogitBytes float64
	// Framework workspaces (cuBLAS, allocator slack) in PyTorch's peak.
	OverheadBytes int64
	// The CUDA context, which PyTorch's peak figures exclude but a GPU must
	// hold.
	CUDAContextBytes int64
	// NF4 storage per quantized weight: 4 bits plus double-quantized block
	// scales, 0.127 bits per parameter (QLoRA paper, section 3).
	NF4BitsPerParam float64
	// Model FLOPs utilisation in training on CUDA GPUs against the dense
	// 16-bit TFLOPs of the accelerator database: torchtune's Llama 3.1 8B
	// rows on an RTX 4090 (batch 2 × 2048 packed, compiled, checkpointing).
	MFUFull, MFULoRA, MFUQLoRA float64
}

// Constants returns the fitted constants (a fresh value each call).
func Constants() constantSet {
	return constantSet{
		ActFactorLoRA:     1.09,
		ActFactorQLoRA:    1.41,
		ActFactorFull:     1.09,
		CkptInputBytes:    4.35,
		ActFactorUnsloth:  1.36,
		UnslothFixedBytes: 700 << 20,
		LogitBytes:        16,
		OverheadBytes:     150 << 20,
		CUDAContextBytes:  500 << 20,
		NF4BitsPerParam:   4.127,
		MFUFull:           0.66,
		MFULoRA:           0.93,
		MFUQLoRA:          0.73,
	}
}

// memory is one GPU's peak during a step, and the paged optimizer bytes
// that may live in system RAM instead.
func memory(a arch, method string, s Settings, gpus int, c constantSet) (b Breakdown, paged int64) {
	n := int64(max(gpus, 1))
	if s.Sharding == ShardNone {
		n = 1 // data parallel: every GPU holds everything
	}
	train := a.trainable(method, s)

	// Weights as held for compute.
	wBytes := map[string]float64{"bf16": 2, "fp16": 2, "fp32": 4}[s.Precision]
	switch method {
	case QLoRA:
		lin := a.linearParams()
		b.BaseWeights = int64(float64(lin)*c.NF4BitsPerParam/8 + float64(a.total-lin)*2)
	default:
		b.BaseWeights = int64(float64(a.total) * wBytes)
	}

	// Trained parameters: their own copy (adapters), gradients, master
	// weights and optimizer states.
	gradBytes, masterBytes, stateBytes := wBytes, 0.0, wBytes
	if s.Precision == "fp16" { // mixed precision: fp32 master, fp32 states
		masterBytes, stateBytes = 4, 4
	}
	if method != Full {
		// Adapters train in fp32 when the base is 16-bit (PEFT casts them up).
		b.Trainable = train * 4
		gradBytes, stateBytes, masterBytes = 4, 4, 0
	}
	b.Gradients = int64(float64(train) * gradBytes)
	b.MasterWeights = int64(float64(train) * masterBytes)
	var perParam float64
	switch s.Optimizer {
	case AdamW:
		perParam = 2 * stateBytes
	case AdamW8bit, PagedAdamW:
		perParam = 2 // two 8-bit states
	}
	state := int64(float64(train) * perParam)
	if s.Optimizer == PagedAdamW {
		paged, state = state, 0
	}
	b.OptimizerState = state

	// Sharding divides what it divides; ZeRO-3 / FSDP gather one layer's
	// weights at a time.
	switch s.Sharding {
	case ShardZeRO2:
		b.Gradients /= n
		b.OptimizerState /= n
		b.MasterWeights /= n
		paged /= n
	case ShardZeRO3, ShardFSDP:
		layer := b.BaseWeights / a.layers
		b.BaseWeights = b.BaseWeights/n + layer
		b.Trainable /= n
		b.Gradients /= n
		b.OptimizerState /= n
		b.MasterWeights /= n
		paged /= n
	}

	// Activations and logits scale with the tokens of a micro batch.
	tokens := int64(s.SeqLen) * int64(s.Batch)
	all, largest := a.layerActivationBytes()
	factor := map[string]float64{Full: c.ActFactorFull, LoRA: c.ActFactorLoRA, QLoRA: c.ActFactorQLoRA}[method]
	switch s.Checkpointing {
	case CkptNone:
		b.Activations = int64(float64(tokens*all) * factor)
	case CkptFull:
		// Each layer's input stays; one layer is recomputed whole.
		b.Activations = int64(float64(tokens*a.hidden*a.layers)*c.CkptInputBytes) + int64(float64(tokens*largest)*factor)
	case CkptUnsloth:
		b.Activations = int64(float64(tokens*largest)*c.ActFactorUnsloth) + c.UnslothFixedBytes
	}
	if s.Checkpointing != CkptUnsloth { // Unsloth's fused loss never holds the logits whole
		b.Logits = int64(float64(tokens*a.vocab) * c.LogitBytes)
	}
	b.Overhead = c.OverheadBytes
	return b, paged
}
