#include "textflag.h"

// func sumVec(b []uint64) uint64
//
// Reads b with NEON loads of four 16-byte registers (64 bytes) an
// iteration into four independent accumulators: the vector loads
// llama.cpp's CPU kernels read weights with.
TEXT ·sumVec(SB), NOSPLIT, $0-32
	MOVD b_base+0(FP), R0
	MOVD b_len+8(FP), R1
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	LSR  $3, R1, R2
	CBZ  R2, fold

loop:
	VLD1.P 64(R0), [V4.D2, V5.D2, V6.D2, V7.D2]
	VADD   V4.D2, V0.D2, V0.D2
	VADD   V5.D2, V1.D2, V1.D2
	VADD   V6.D2, V2.D2, V2.D2
	VADD   V7.D2, V3.D2, V3.D2
	SUB    $1, R2, R2
	CBNZ   R2, loop

fold:
	VADD V1.D2, V0.D2, V0.D2
	VADD V3.D2, V2.D2, V2.D2
	VADD V2.D2, V0.D2, V0.D2
	VMOV V0.D[0], R3
	VMOV V0.D[1], R4
	ADD  R4, R3, R3
	AND  $7, R1, R1
	CBZ  R1, done

rest:
	MOVD.P 8(R0), R5
	ADD    R5, R3, R3
	SUB    $1, R1, R1
	CBNZ   R1, rest

done:
	MOVD R3, ret+24(FP)
	RET
