# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Only modules, train blocks and imports are allowed at top level.
x = 3

# CHECK: {{.*}}error_parse_toplevel.dsl:3:1: error: expected 'module', 'train' or 'import' at top level, found 'x'
# CHECK-NEXT: {{^}}x = 3{{$}}
# CHECK-NEXT: {{^}}^{{$}}
