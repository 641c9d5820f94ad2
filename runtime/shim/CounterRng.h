/* The counter-based random generator behind dlc_model_init (C, header-only). */
#ifndef DLC_RUNTIME_SHIM_COUNTERRNG_H
#define DLC_RUNTIME_SHIM_COUNTERRNG_H

/* Every initial value is a pure function of (seed, tensor name, element
 * index), so a model initialises identically on every run and machine, in any
 * order, and adding a tensor to a model does not change the values of the
 * others:
 *
 *   stream    = FNV-1a-64(name)                       (the dotted name)
 *   key       = mix(mix(seed) ^ mix(stream + GOLDEN))
 *   bits(i)   = mix(key + (i + 1) * GOLDEN)           (splitmix64's i-th
 * output) uniform01 = (bits(i) >> 11) * 2^-53               in [0, 1) normal(i)
 * = sqrt(-2 ln u1) cos(2 pi u2), u1 = ((bits(2i) >> 11) + 1) 2^-53 in (0, 1],
 * u2 = uniform01(2i + 1)      (Box-Muller, cosine arm)
 *
 * `mix` is splitmix64's finaliser and GOLDEN = 0x9e3779b97f4a7c15 (Steele,
 * Lea, Flood, "Fast splittable pseudorandom number generators", 2014).
 * splitmix64 passes BigCrush; seeking is free because each output depends only
 * on the counter. All arithmetic is on uint64_t and IEEE doubles, so values
 * are bit-identical across machines up to libm's last-ulp differences in
 * log/cos for normals. */

#include <math.h>
#include <stdint.h>

#define DLC_RNG_GOLDEN 0x9e3779b97f4a7c15ULL

/* splitmix64's output function: a bijective 64-bit mixer. */
static inline uint64_t dlcRngMix(uint64_t Z) {
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
  return Z ^ (Z >> 31);
}

/* The stream of a tensor: FNV-1a-64 of its dotted name. */
static inline uint64_t dlcRngStream(const char *Name) {
  uint64_t H = 0xcbf29ce484222325ULL;
  for (const unsigned char *P = (const unsigned char *)Name; *P; ++P) {
    H ^= *P;
    H *= 0x100000001b3ULL;
  }
  return H;
}

/* The key of one tensor's sequence under one seed. */
static inline uint64_t dlcRngKey(uint64_t Seed, uint64_t Stream) {
  return dlcRngMix(dlcRngMix(Seed) ^ dlcRngMix(Stream + DLC_RNG_GOLDEN));
}

/* 64 random bits for counter `I` of the sequence `Key`. */
static inline uint64_t dlcRngBits(uint64_t Key, uint64_t I) {
  return dlcRngMix(Key + (I + 1) * DLC_RNG_GOLDEN);
}

/* A uniform double in [0, 1) with 53 random bits. */
static inline double dlcRngUniform01(uint64_t Key, uint64_t I) {
  return (double)(dlcRngBits(Key, I) >> 11) * 0x1.0p-53;
}

/* A standard normal for element `I` (uses counters 2I and 2I + 1). */
static inline double dlcRngNormal(uint64_t Key, uint64_t I) {
  /* u1 in (0, 1] keeps the logarithm finite. */
  double U1 = (double)((dlcRngBits(Key, 2 * I) >> 11) + 1) * 0x1.0p-53;
  double U2 = dlcRngUniform01(Key, 2 * I + 1);
  return sqrt(-2.0 * log(U1)) * cos(6.283185307179586476925 * U2);
}

#endif /* DLC_RUNTIME_SHIM_COUNTERRNG_H */
