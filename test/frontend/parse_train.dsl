# RUN: dlc %s --emit=ast | FileCheck %s
# Imports and train blocks, named and unnamed, with batch inputs, locals,
# loss, optimizer and metrics.

import "layers.dsl"

train MLP(128) {
  batch x: f32[N, 784], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}

train digits: MLP(hidden = 64) {
  batch x: f32[N, 784], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = adam(lr = 1e-3)
  metric acc = accuracy(logits, y)
}

# CHECK:      Program @1:1
# CHECK-NEXT:   Import "layers.dsl" @5:1
# CHECK-NEXT:   Train MLP @7:1
# CHECK-NEXT:     Int 128 @7:11
# CHECK-NEXT:     Batch @8:3
# CHECK-NEXT:       Input x: f32[2 dims] @8:9
# CHECK-NEXT:         Type f32 @8:12
# CHECK-NEXT:           Name N @8:16
# CHECK-NEXT:           Int 784 @8:19
# CHECK-NEXT:       Input y: i32[1 dims] @8:25
# CHECK-NEXT:         Type i32 @8:28
# CHECK-NEXT:           Name N @8:32
# CHECK-NEXT:     Assign loss @9:3
# CHECK-NEXT:       Call @9:10
# CHECK-NEXT:         Name cross_entropy @9:10
# CHECK-NEXT:         Call @9:24
# CHECK-NEXT:           Name forward @9:24
# CHECK-NEXT:           Name x @9:32
# CHECK-NEXT:         Name y @9:36
# CHECK-NEXT:     Assign optimizer @10:3
# CHECK-NEXT:       Call @10:15
# CHECK-NEXT:         Name sgd @10:15
# CHECK-NEXT:         Keyword lr @10:19
# CHECK-NEXT:           Float 0.05 @10:24
# CHECK-NEXT:         Keyword momentum @10:30
# CHECK-NEXT:           Float 0.9 @10:41
# CHECK-NEXT:   Train digits: MLP @13:1
# CHECK-NEXT:     Keyword hidden @13:19
# CHECK-NEXT:       Int 64 @13:28
# CHECK-NEXT:     Batch @14:3
# CHECK-NEXT:       Input x: f32[2 dims] @14:9
# CHECK-NEXT:         Type f32 @14:12
# CHECK-NEXT:           Name N @14:16
# CHECK-NEXT:           Int 784 @14:19
# CHECK-NEXT:       Input y: i32[1 dims] @14:25
# CHECK-NEXT:         Type i32 @14:28
# CHECK-NEXT:           Name N @14:32
# CHECK-NEXT:     Assign logits @15:3
# CHECK-NEXT:       Call @15:12
# CHECK-NEXT:         Name forward @15:12
# CHECK-NEXT:         Name x @15:20
# CHECK-NEXT:     Assign loss @16:3
# CHECK-NEXT:       Call @16:10
# CHECK-NEXT:         Name cross_entropy @16:10
# CHECK-NEXT:         Name logits @16:24
# CHECK-NEXT:         Name y @16:32
# CHECK-NEXT:     Assign optimizer @17:3
# CHECK-NEXT:       Call @17:15
# CHECK-NEXT:         Name adam @17:15
# CHECK-NEXT:         Keyword lr @17:20
# CHECK-NEXT:           Float 0.001 @17:25
# CHECK-NEXT:     Metric acc @18:3
# CHECK-NEXT:       Call @18:16
# CHECK-NEXT:         Name accuracy @18:16
# CHECK-NEXT:         Name logits @18:25
# CHECK-NEXT:         Name y @18:33
