#!/bin/sh
# Checks the model shim's linkage: it defines exactly the five ABI entry
# points with default visibility (and, hidden, the two helpers that the
# generated Halide kernel glue calls, Halide's error and allocation hooks,
# and the allocator of the compiled code), references the generated dlc_gen_* symbols
# as hidden (the training ones weakly: a model without a train block lacks
# them), and needs nothing beyond libc and libm (no C++ runtime).
# usage: shim_symbols.sh SHIM_OBJECT FAKE_MODEL.so
set -eu
obj=$1 model=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

defined=$(readelf -sW "$obj" | awk '$5 == "GLOBAL" && $7 != "UND" {print $6, $8}' | sort)
want="DEFAULT dlc_model_describe
DEFAULT dlc_model_eval_step
DEFAULT dlc_model_forward
DEFAULT dlc_model_init
DEFAULT dlc_model_train_step
HIDDEN _mlir_memref_to_llvm_alloc
HIDDEN _mlir_memref_to_llvm_free
HIDDEN dlc_halide_buffer_from_memref
HIDDEN dlc_halide_kernel_failed
HIDDEN halide_error
HIDDEN halide_free
HIDDEN halide_malloc"
[ "$defined" = "$want" ] || fail "shim defines: $defined"

hidden=$(readelf -sW "$obj" | awk '$7 == "UND" && $6 == "HIDDEN" {print $8}' | sort | tr '\n' ' ')
[ "$hidden" = "dlc_gen_eval_step dlc_gen_forward dlc_gen_model_info dlc_gen_train_step " ] || fail "hidden refs: $hidden"
weak=$(readelf -sW "$obj" | awk '$7 == "UND" && $5 == "WEAK" {print $8}' | sort | tr '\n' ' ')
[ "$weak" = "dlc_gen_eval_step dlc_gen_train_step " ] || fail "weak refs: $weak"

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
echo "shim symbols: ok ($undefined)" | tr '\n' ' '
echo
