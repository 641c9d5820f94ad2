# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradient of embedding: rows of repeated ids accumulate, unused rows get 0.
# GRADCHECK: ids int 0 4
# GRADCHECK: batch 5
module M() {
  param table: f64[6, 3] = normal(0.0, 1.0)
  def forward(ids: i64[N, 2]) {
    return embedding(ids, table)
  }
}
train M() {
  batch ids: i64[N, 2], w: f64[N, 2, 3]
  loss = sum(forward(ids) * w) + sum(table * table) * 0.1
  optimizer = sgd(lr = 1.0)
}
