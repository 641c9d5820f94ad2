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
config.substitutions.append(("%examples", os.path.join(config.dlc_src_root, "examples")))
# The real data sets of scripts/fetch-data.sh (scripts/test.sh fetches them).
data_dir = os.environ.get("DLC_DATA_DIR", "data")
if not os.path.isabs(data_dir):
    data_dir = os.path.join(config.dlc_src_root, data_dir)
config.substitutions.append(("%data", data_dir))
config.environment["DLC_SOURCE_DIR"] = config.dlc_src_root

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
# The compile cache of the tests lives in the build tree, apart from the
# user's: a test never sees kernels or models another build cached.
config.environment["XDG_CACHE_HOME"] = os.path.join(config.test_exec_root, "cache")
llvm_config.use_default_substitutions()

tool_dirs = [config.dlc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["dlc", "dlc-opt", "dlc-run", "dlc-bench", "dlc-bench-chart", "FileCheck", "not", "llvm-readelf"], tool_dirs)
