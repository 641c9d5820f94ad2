#!/bin/sh
# Checks the model shim's linkage: it defines exactly the five ABI entry
# points with default visibility (and, hidden, the two helpers that the
# generated Halide kernel glue calls, Halide's error and allocation hooks,
# and the allocator of the compiled code), references the generated dlc_gen_* symbols
# as hidden (the training ones weakly: a model without a train block lacks
# them), and needs nothing beyond libc and libm (no C++ runtime). The CUDA
# half of the shim (CUDA_SHIM_OBJECT) defines the GPU binding, the mgpu*
# functions of MLIR's kernel launches and Halide's CUDA hooks, and references
# no CUDA symbol: the caller's driver is bound at run time.
# usage: shim_symbols.sh SHIM_OBJECT FAKE_MODEL.so CUDA_SHIM_OBJECT
set -eu
obj=$1 model=$2 cuda=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

defined=$(readelf -sW "$obj" | awk '$5 == "GLOBAL" && $7 != "UND" {print $6, $8}' | sort)
want="DEFAULT dlc_model_describe
DEFAULT dlc_model_eval_step
DEFAULT dlc_model_forward
DEFAULT dlc_model_init
DEFAULT dlc_model_train_step
HIDDEN _mlir_memref_to_llvm_aligned_alloc
HIDDEN _mlir_memref_to_llvm_free
HIDDEN dlcShimFail
HIDDEN dlc_halide_buffer_from_memref
HIDDEN dlc_halide_kernel_failed
HIDDEN halide_error
HIDDEN halide_free
HIDDEN halide_malloc"
[ "$defined" = "$want" ] || fail "shim defines: $defined"
# A CPU model's dlc_model_bind_cuda refuses; the CUDA half's replaces it.
weakdefs=$(readelf -sW "$obj" | awk '$5 == "WEAK" && $7 != "UND" {print $6, $8}' | sort | tr '\n' ' ')
[ "$weakdefs" = "DEFAULT dlc_model_bind_cuda " ] || fail "weak definitions: $weakdefs"

hidden=$(readelf -sW "$obj" | awk '$7 == "UND" && $6 == "HIDDEN" {print $8}' | sort | tr '\n' ' ')
cudahooks="dlcCudaAllocate dlcCudaCheckMemory dlcCudaEnterEntry dlcCudaLeaveEntry dlcCudaRelease"
[ "$hidden" = "$cudahooks dlc_gen_eval_step dlc_gen_forward dlc_gen_model_info dlc_gen_train_step " ] || fail "hidden refs: $hidden"
weak=$(readelf -sW "$obj" | awk '$7 == "UND" && $5 == "WEAK" {print $8}' | sort | tr '\n' ' ')
[ "$weak" = "$cudahooks dlc_gen_eval_step dlc_gen_train_step " ] || fail "weak refs: $weak"

undefined=$(readelf -sW "$obj" | awk '$7 == "UND" && $8 != "" && $6 != "HIDDEN" {print $8}')
for sym in $undefined; do
  case $sym in
    _Z* | __cxa* | __gxx* | _Unwind*) fail "C++ runtime symbol $sym" ;;
    dlc_*) fail "unexpected dlc symbol $sym" ;;
  esac
done

needed=$(readelf -dW "$model" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
for lib in $needed; do
  case $lib in
    libc.so.* | libm.so.* | ld-linux*.so.*) ;;
    *) fail "the fake model needs $lib" ;;
  esac
done

exported=$(readelf --dyn-syms -W "$model" | awk '$7 != "UND" && $5 == "GLOBAL" {print $8}' | grep '^dlc_' | sort | tr '\n' ' ')
[ "$exported" = "dlc_model_describe dlc_model_eval_step dlc_model_forward dlc_model_init dlc_model_train_step " ] ||
  fail "model exports: $exported"

cudadefined=$(readelf -sW "$cuda" | awk '$5 == "GLOBAL" && $7 != "UND" {print $6, $8}' | sort | tr '\n' ' ')
cudawant="DEFAULT dlc_model_bind_cuda HIDDEN dlcCudaAllocate HIDDEN dlcCudaCheckMemory HIDDEN dlcCudaEnterEntry HIDDEN dlcCudaLeaveEntry HIDDEN dlcCudaRelease HIDDEN dlc_halide_cuda_buffer_from_memref HIDDEN dlc_halide_cuda_kernel_done HIDDEN halide_cuda_acquire_context HIDDEN halide_cuda_get_stream HIDDEN halide_cuda_get_symbol HIDDEN halide_cuda_release_context HIDDEN mgpuLaunchKernel HIDDEN mgpuModuleGetFunction HIDDEN mgpuModuleLoad HIDDEN mgpuModuleLoadJIT HIDDEN mgpuModuleUnload HIDDEN mgpuStreamCreate HIDDEN mgpuStreamDestroy HIDDEN mgpuStreamSynchronize "
[ "$cudadefined" = "$cudawant" ] || fail "CUDA shim defines: $cudadefined"
for sym in $(readelf -sW "$cuda" | awk '$7 == "UND" && $8 != "" {print $8}'); do
  case $sym in
    cu* | _Z* | __cxa*) fail "the CUDA shim references $sym" ;;
  esac
done

echo "shim symbols: ok ($undefined)" | tr '\n' ' '
echo
