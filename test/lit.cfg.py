# lit configuration for dlc's regression tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".dsl", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt", "unit", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%dlc_src_root", config.dlc_src_root))
config.substitutions.append(("%dlc_obj_root", config.dlc_obj_root))
config.substitutions.append(("%examples", os.path.join(config.dlc_src_root, "examples")))
# The real data sets of scripts/fetch-data.sh (scripts/test.sh fetches them).
data_dir = os.environ.get("DLC_DATA_DIR", "data")
if not os.path.isabs(data_dir):
    data_dir = os.path.join(config.dlc_src_root, data_dir)
config.substitutions.append(("%data", data_dir))
config.environment["DLC_SOURCE_DIR"] = config.dlc_src_root

# test/unit/Inputs/FakeCudaDriver.c, built with the unit tests.
config.substitutions.append(
    ("%fake_cuda_driver",
     os.path.join(config.dlc_obj_root, "test", "unit", "Inputs", "FakeCudaDriver.so")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
# The compile cache of the tests lives in the build tree, apart from the
# user's: a test never sees kernels or models another build cached.
config.environment["XDG_CACHE_HOME"] = os.path.join(config.test_exec_root, "cache")
llvm_config.use_default_substitutions()

tool_dirs = [config.dlc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["dlc", "dlc-opt", "dlc-run", "dlc-bench", "dlc-bench-chart", "FileCheck", "not", "llvm-readelf"], tool_dirs)

# ptxas, from a CUDA toolkit ($DLC_PTXAS, else PATH, else /usr/local/cuda):
# the tests that assemble the PTX dlc generates need it. dlc itself does not.
import shutil

ptxas = os.environ.get("DLC_PTXAS") or shutil.which("ptxas")
if not ptxas and os.access("/usr/local/cuda/bin/ptxas", os.X_OK):
    ptxas = "/usr/local/cuda/bin/ptxas"
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
else:
    lit_config.note("no ptxas (set DLC_PTXAS or install a CUDA toolkit): "
                    "the tests that assemble dlc's PTX for sm_80 and sm_90 "
                    "are UNSUPPORTED")


def cuda_gpu():
    """The first CUDA device's name, or why there is none."""
    import ctypes
    try:
        driver = ctypes.CDLL("libcuda.so.1")
    except OSError as error:
        return None, f"no CUDA driver ({error})"
    count = ctypes.c_int(0)
    if driver.cuInit(0) != 0 or driver.cuDeviceGetCount(ctypes.byref(count)) != 0:
        return None, "the CUDA driver does not initialise"
    if count.value == 0:
        return None, "the CUDA driver sees no device"
    name = ctypes.create_string_buffer(256)
    driver.cuDeviceGetName(name, 255, 0)
    return name.value.decode(), None


gpu, why_not = cuda_gpu()
if gpu:
    config.available_features.add("cuda-gpu")
    lit_config.note(f"GPU test suite on cuda:0 ({gpu})")
else:
    lit_config.note(f"{why_not}: the GPU test suite (test/gpu) is "
                    "UNSUPPORTED; it runs where a GPU is")
