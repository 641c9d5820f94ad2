# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s
# An unclosed block is reported at the end of the file.
# CHECK: {{.*}}error_parse_unclosed.dsl:10:1: error: expected '}' to close the block, found end of file

module M {
  def forward(x: f32[N, 4]) {
    return x
  }
# The module's closing brace is missing.
