#include "textflag.h"

// func sumVec(b []uint64) uint64
//
// Reads b with 16-byte SSE2 loads, four independent accumulators, 64 bytes
// an iteration: the vector loads llama.cpp's CPU kernels read weights with.
TEXT ·sumVec(SB), NOSPLIT, $0-32
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), CX
	PXOR X0, X0
	PXOR X1, X1
	PXOR X2, X2
	PXOR X3, X3
	MOVQ CX, DX
	SHRQ $3, DX
	JZ   fold

loop:
	MOVOU 0(SI), X4
	MOVOU 16(SI), X5
	MOVOU 32(SI), X6
	MOVOU 48(SI), X7
	PADDQ X4, X0
	PADDQ X5, X1
	PADDQ X6, X2
	PADDQ X7, X3
	ADDQ  $64, SI
	DECQ  DX
	JNZ   loop

fold:
	PADDQ  X1, X0
	PADDQ  X3, X2
	PADDQ  X2, X0
	MOVQ   X0, AX
	PSRLDQ $8, X0
	MOVQ   X0, BX
	ADDQ   BX, AX
	ANDQ   $7, CX
	JZ     done

rest:
	ADDQ 0(SI), AX
	ADDQ $8, SI
	DECQ CX
	JNZ  rest

done:
	MOVQ AX, ret+24(FP)
	RET
