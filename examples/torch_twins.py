"""The documented models of examples/*.dsl in PyTorch, with the same state_dict
names, layouts and forward computations, so that weights move between the two
without renaming. The equivalence and interchange tests
(test/e2e/torch_equivalence.test, torch_interchange.test) and
scripts/torch_reference.py (PyTorch's results in the README) build their
models from here.

Each twin takes the same arguments as its dlc module. `LOSSES` holds each
example's train-block loss over a batch given as the train block's `batch`
inputs, in order.
"""
import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


class LinearRegression(nn.Module):
    def __init__(self, features=10):
        super().__init__()
        self.fc = nn.Linear(features, 1)

    def forward(self, x):
        return torch.flatten(self.fc(x))


class LogisticRegression(LinearRegression):
    """forward is the logit; examples/logistic_regression.dsl's forward is
    its sigmoid."""

    def __init__(self, features=30):
        super().__init__(features)


class MLP(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class MLPRegression(nn.Module):
    def __init__(self, features=10, hidden=10):
        super().__init__()
        self.fc1 = nn.Linear(features, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, 1)

    def forward(self, x):
        h = torch.relu(self.fc2(torch.relu(self.fc1(x))))
        return torch.flatten(self.fc3(h))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        h = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        h = F.max_pool2d(torch.relu(self.conv2(h)), 2)
        return self.fc2(torch.relu(self.fc1(torch.flatten(h, 1))))


class Downsample(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(x))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (Downsample(cin, cout, stride)
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return torch.relu(h + (self.downsample(x) if self.downsample else x))


class ResNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = nn.Sequential(BasicBlock(16, 16))
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2))
        self.layer3 = nn.Sequential(BasicBlock(32, 64, 2))
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = self.layer3(self.layer2(self.layer1(h)))
        return self.fc(h.mean((2, 3)))


def encoder_layer(d, heads, ffn, drop):
    """std's TransformerEncoderLayer: post-norm, GELU, batch first."""
    return nn.TransformerEncoderLayer(d, heads, ffn, drop, activation="gelu",
                                      batch_first=True)


class WordTransformer(nn.Module):
    def __init__(self, vocab, length=16, d=64, heads=4, ffn=256, layers=2,
                 classes=7, drop=0.1):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        # N(0, 1), as examples/transformer.dsl initialises it.
        self.pos = nn.Parameter(torch.randn(length, d))
        self.encoder = nn.ModuleList(
            encoder_layer(d, heads, ffn, drop) for _ in range(layers))
        self.fc = nn.Linear(d, classes)

    def forward(self, ids):
        h = self.embed(ids) + self.pos
        for layer in self.encoder:
            h = layer(h)
        return self.fc(h.max(1).values)


class WordLSTM(nn.Module):
    def __init__(self, vocab, d=32, hidden=128, classes=7, drop=0.3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.lstm = nn.LSTM(d, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)
        self.drop = drop

    def forward(self, ids):
        states = self.lstm(self.embed(ids))[0]
        return self.fc(F.dropout(states.max(1).values, self.drop,
                                 self.training))


class BertEmbeddings(nn.Module):
    def __init__(self, vocab, length, d, drop):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, d)
        # N(0, 1), as examples/bert.dsl initialises it.
        self.position_embeddings = nn.Parameter(torch.randn(length, d))
        self.norm = nn.LayerNorm(d, eps=1e-12)
        self.drop = drop

    def forward(self, ids):
        h = self.word_embeddings(ids) + self.position_embeddings
        return F.dropout(self.norm(h), self.drop, self.training)


class Bert(nn.Module):
    def __init__(self, vocab, length=16, d=64, heads=4, ffn=256, layers=2,
                 drop=0.1):
        super().__init__()
        self.embeddings = BertEmbeddings(vocab, length, d, drop)
        self.encoder = nn.ModuleList(
            encoder_layer(d, heads, ffn, drop) for _ in range(layers))

    def forward(self, ids):
        h = self.embeddings(ids)
        for layer in self.encoder:
            h = layer(h)
        return h


class BertMaskedLM(nn.Module):
    def __init__(self, vocab, drop=0.1):
        super().__init__()
        self.bert = Bert(vocab, drop=drop)
        self.transform = nn.Linear(64, 64)
        self.transform_norm = nn.LayerNorm(64, eps=1e-12)
        self.decoder = nn.Linear(64, vocab)

    def forward(self, ids):
        h = self.transform_norm(F.gelu(self.transform(self.bert(ids))))
        return self.decoder(h)


class BertClassifier(nn.Module):
    def __init__(self, vocab, classes=7, drop=0.1):
        super().__init__()
        self.bert = Bert(vocab, drop=drop)
        self.classifier = nn.Linear(64, classes)

    def forward(self, ids):
        return self.classifier(self.bert(ids)[:, 0])


def random_words(rng, count, vocab):
    """`count` random words encoded as data/words encodes them (16 ids each):
    [CLS] (1), 2 to 15 characters (ids 4 and up), then [PAD] (0)."""
    ids = np.zeros((count, 16), np.int64)
    ids[:, 0] = 1
    for row, length in enumerate(rng.integers(2, 16, count)):
        ids[row, 1:1 + length] = rng.integers(4, vocab, length)
    return ids


def cross_entropy(net, x, y):
    return F.cross_entropy(net(x), y.long())


def mse(net, x, y):
    return F.mse_loss(net(x), y)


def binary_cross_entropy(net, x, y):
    return F.binary_cross_entropy_with_logits(net(x), y)


def masked_cross_entropy(net, x, y, m):
    """examples/bert.dsl's pre-training loss: the mean cross-entropy over
    the masked positions (m = 1) only."""
    logp = F.log_softmax(net(x), -1)
    picked = logp.gather(-1, y.long().unsqueeze(-1)).squeeze(-1)
    return -(picked * m).sum() / m.sum()


LOSSES = {
    LinearRegression: mse, LogisticRegression: binary_cross_entropy,
    MLP: cross_entropy, MLPRegression: mse, CNN: cross_entropy,
    ResNet: cross_entropy, WordTransformer: cross_entropy,
    WordLSTM: cross_entropy, BertMaskedLM: masked_cross_entropy,
    BertClassifier: cross_entropy,
}


def optimizer(spec, params):
    """PyTorch's optimizer for a train block's, given as its model's
    self-description has it (`dlc-run MODEL.so info`, "optimizer")."""
    kind = spec["kind"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"],
                               dampening=spec["dampening"],
                               nesterov=spec["nesterov"],
                               weight_decay=spec["weight_decay"])
    cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
    return cls(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]),
               eps=spec["eps"], weight_decay=spec["weight_decay"])


def learning_rate(spec, t):
    """The rate of step t (from 0) under a train block's schedule, as dlc
    computes it (test/e2e/lr_schedules.test pins it down): step or cosine
    decay, with a linear warm-up over the first `warmup` steps."""
    lr, schedule = spec["lr"], spec.get("schedule", "constant")
    if schedule == "step":
        lr *= spec["gamma"] ** (t // spec["step_size"])
    elif schedule == "cosine":
        warmup, low = spec.get("warmup", 0), spec.get("min_lr", 0.0)
        progress = min(max((t - warmup) / (spec["total_steps"] - warmup), 0.0),
                       1.0)
        lr = low + (lr - low) * 0.5 * (1 + math.cos(math.pi * progress))
    warmup = spec.get("warmup", 0)
    return lr * min((t + 1) / warmup, 1.0) if warmup else lr


def set_learning_rate(optimizer, spec, t):
    for group in optimizer.param_groups:
        group["lr"] = learning_rate(spec, t)
