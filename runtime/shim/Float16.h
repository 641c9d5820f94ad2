/* Conversions between float and the 16-bit float formats (C, header-only). */
#ifndef DLC_RUNTIME_SHIM_FLOAT16_H
#define DLC_RUNTIME_SHIM_FLOAT16_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* IEEE binary16 from float, rounding to nearest even; NaN stays NaN. */
static inline uint16_t dlcFloatToHalf(float F) {
  uint32_t X;
  memcpy(&X, &F, sizeof X);
  uint16_t Sign = (uint16_t)((X >> 16) & 0x8000u);
  uint32_t Abs = X & 0x7fffffffu;
  if (Abs >= 0x7f800000u) /* inf or NaN (keep NaN quiet) */
    return (uint16_t)(Sign | 0x7c00u | (Abs > 0x7f800000u ? 0x200u : 0u));
  if (Abs >= 0x477ff000u) /* >= 65520 rounds to infinity */
    return (uint16_t)(Sign | 0x7c00u);
  if (Abs < 0x38800000u) { /* below 2^-14: a half subnormal (or zero) */
    float A;
    memcpy(&A, &Abs, sizeof A);
    /* Scaling by 2^24 is exact; lrintf rounds to nearest even. A result of
     * 0x400 is the encoding of the smallest normal, as it should be. */
    return (uint16_t)(Sign | (uint16_t)lrintf(A * 16777216.0f));
  }
  uint32_t H = ((Abs >> 23) - 112u) << 10 | ((Abs >> 13) & 0x3ffu);
  uint32_t Rest = Abs & 0x1fffu;
  if (Rest > 0x1000u || (Rest == 0x1000u && (H & 1u)))
    ++H; /* a carry into the exponent is the correct rounding */
  return (uint16_t)(Sign | H);
}

/* float from IEEE binary16 (exact). */
static inline float dlcHalfToFloat(uint16_t H) {
  uint32_t Sign = (uint32_t)(H & 0x8000u) << 16;
  uint32_t Exp = (H >> 10) & 0x1fu;
  uint32_t Mant = H & 0x3ffu;
  float F;
  if (Exp == 0) { /* zero or subnormal: Mant * 2^-24 */
    F = (float)Mant * 0x1.0p-24f;
    return Sign ? -F : F;
  }
  uint32_t X = Exp == 0x1fu ? (Sign | 0x7f800000u | (Mant << 13))
                            : (Sign | ((Exp + 112u) << 23) | (Mant << 13));
  memcpy(&F, &X, sizeof F);
  return F;
}

/* bfloat16 from float, rounding to nearest even; NaN stays NaN. */
static inline uint16_t dlcFloatToBF16(float F) {
  uint32_t X;
  memcpy(&X, &F, sizeof X);
  if ((X & 0x7fffffffu) > 0x7f800000u)
    return (uint16_t)((X >> 16) | 0x40u);
  X += 0x7fffu + ((X >> 16) & 1u);
  return (uint16_t)(X >> 16);
}

/* float from bfloat16 (exact). */
static inline float dlcBF16ToFloat(uint16_t B) {
  uint32_t X = (uint32_t)B << 16;
  float F;
  memcpy(&F, &X, sizeof F);
  return F;
}

#endif /* DLC_RUNTIME_SHIM_FLOAT16_H */
