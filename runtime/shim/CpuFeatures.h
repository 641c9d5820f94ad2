/* What this CPU can run, as dlc_cpu_feature bits (ModelABI.h).
 *
 * Read with CPUID and XGETBV directly rather than __builtin_cpu_supports,
 * which needs libgcc's __cpu_model: model.so links only libc and libm. A
 * feature counts only when the OS also saves its register state (XCR0), as
 * the processor manuals require before using AVX or AVX-512. */
#ifndef DLC_RUNTIME_SHIM_CPUFEATURES_H
#define DLC_RUNTIME_SHIM_CPUFEATURES_H

#include "dlc/ModelABI.h"

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static inline uint64_t dlcReadXcr0(void) {
  uint32_t Lo, Hi;
  __asm__ volatile("xgetbv" : "=a"(Lo), "=d"(Hi) : "c"(0));
  return ((uint64_t)Hi << 32) | Lo;
}

static inline uint32_t dlcHostCpuFeatures(void) {
  unsigned A, B, C, D;
  uint32_t F = 0;
  if (!__get_cpuid(1, &A, &B, &C, &D))
    return 0;
  if (C & (1u << 19))
    F |= DLC_CPU_SSE4_1;
  if (C & (1u << 20))
    F |= DLC_CPU_SSE4_2;
  int OsSavesAvx = 0, OsSavesAvx512 = 0;
  if (C & (1u << 27)) { /* OSXSAVE: XGETBV is usable */
    uint64_t Xcr0 = dlcReadXcr0();
    OsSavesAvx = (Xcr0 & 0x6) == 0x6;      /* SSE and AVX state */
    OsSavesAvx512 = (Xcr0 & 0xe6) == 0xe6; /* plus opmask, ZMM state */
  }
  if (OsSavesAvx) {
    if (C & (1u << 28))
      F |= DLC_CPU_AVX;
    if (C & (1u << 12))
      F |= DLC_CPU_FMA;
    if (C & (1u << 29))
      F |= DLC_CPU_F16C;
  }
  if (!__get_cpuid_count(7, 0, &A, &B, &C, &D))
    return F;
  unsigned MaxSubleaf = A;
  if (OsSavesAvx && (B & (1u << 5)))
    F |= DLC_CPU_AVX2;
  if (OsSavesAvx512) {
    if (B & (1u << 16))
      F |= DLC_CPU_AVX512F;
    if (B & (1u << 17))
      F |= DLC_CPU_AVX512DQ;
    if (B & (1u << 30))
      F |= DLC_CPU_AVX512BW;
    if (B & (1u << 31))
      F |= DLC_CPU_AVX512VL;
    if (D & (1u << 23))
      F |= DLC_CPU_AVX512FP16;
    if (MaxSubleaf >= 1 && __get_cpuid_count(7, 1, &A, &B, &C, &D) &&
        (A & (1u << 5)))
      F |= DLC_CPU_AVX512BF16;
  }
  return F;
}
#else
static inline uint32_t dlcHostCpuFeatures(void) { return 0; }
#endif

/* The name of the lowest feature bit in `Missing`. */
static inline const char *dlcCpuFeatureName(uint32_t Missing) {
  static const char *const Names[] = {"sse4.1",   "sse4.2",     "avx",
                                      "avx2",     "fma",        "f16c",
                                      "avx512f",  "avx512bw",   "avx512dq",
                                      "avx512vl", "avx512bf16", "avx512fp16"};
  for (unsigned I = 0; I < sizeof Names / sizeof Names[0]; ++I)
    if (Missing & (1u << I))
      return Names[I];
  return "an unknown feature";
}

#endif /* DLC_RUNTIME_SHIM_CPUFEATURES_H */
