#!/usr/bin/env python3
"""The OpenBLAS kernel the peers run: OpenBLAS's own choice, unless that is
older than what the CPU can run.

  openblas_kernel.py [--flags "avx2 avx512f ..." --detected NAME]

Prints `DETECTED PIN`: the kernel OpenBLAS picks for this process (run it
with OPENBLAS_CORETYPE unset) and the OPENBLAS_CORETYPE to set for the
peers, or `-` where OpenBLAS's choice stands. OpenBLAS 0.3.21 (Debian 12)
does not know CPUs newer than itself and falls back to its SSE3 Prescott
kernel on them (a Xeon with AVX-512 FP16 here: 20 GFLOP/s against its
Cooperlake kernel's 113). The peers are measured at their best, so then the
best kernel the CPU's features allow is pinned. --flags and --detected
stand in for /proc/cpuinfo and OpenBLAS, for tests.
"""
import argparse
import ctypes

# OpenBLAS's x86-64 kernels by the instructions they use, with the CPU
# flags each needs; a later one is faster where it runs.
KERNELS = [
    ("Haswell", {"avx2", "fma"}),
    ("SkylakeX", {"avx512f", "avx512bw", "avx512dq", "avx512vl"}),
    ("Cooperlake", {"avx512f", "avx512bw", "avx512dq", "avx512vl",
                    "avx512_bf16"}),
]
# What OpenBLAS may report for each level above, or better.
AT_LEAST = {
    "Haswell": {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"},
    "SkylakeX": {"SkylakeX", "Cooperlake", "SapphireRapids"},
    "Cooperlake": {"Cooperlake", "SapphireRapids"},
}


def best_for(flags):
    """The fastest kernel whose instructions the CPU has, or None."""
    best = None
    for name, needs in KERNELS:
        if needs <= flags:
            best = name
    return best


def pin(detected, flags):
    """OPENBLAS_CORETYPE for the peers, or None where `detected` stands."""
    best = best_for(flags)
    if best is None or detected in AT_LEAST[best]:
        return None
    return best.upper()


def cpu_flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def detected_kernel():
    lib = ctypes.CDLL("libopenblas.so.0")
    lib.openblas_get_corename.restype = ctypes.c_char_p
    return lib.openblas_get_corename().decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flags")
    parser.add_argument("--detected")
    args = parser.parse_args()
    flags = set(args.flags.split()) if args.flags is not None else cpu_flags()
    detected = args.detected or detected_kernel()
    print(detected, pin(detected, flags) or "-")


if __name__ == "__main__":
    main()
