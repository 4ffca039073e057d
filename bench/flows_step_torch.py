#!/usr/bin/python3
"""Times one forward-KL training step of a RealNVP in PyTorch, the reference for `boltzflow bench flows`.

The model mirrors flows-core's RealNVP as built by FlowModels.realNvp: a trainable diagonal Gaussian base and
coupling layers whose masks alternate between even and odd coordinates; each conditioner is an MLP
(dim -> hidden... -> 2*dim, ReLU, last layer zero-initialised) giving a shift and a log-scale bounded by
B*tanh(raw/B) with B = 2. One step: -mean log q(x) on a fixed batch, backward, global gradient norm (as the Java
trainer computes it for its NaN guard), Adam update. Prints one line per phase, `phase ms_per_step`, then the CPU
time of the calling thread, `phase_cpu ms_per_step` (with one thread every operation runs on it).
"""
import argparse
import math
import time

import torch

from torch_phases import training_phases


class Coupling(torch.nn.Module):
    def __init__(self, mask, hidden):
        super().__init__()
        dim = mask.numel()
        self.register_buffer("keep", mask.to(torch.float64).unsqueeze(0))
        sizes = [dim] + hidden + [2 * dim]
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
            if i + 2 < len(sizes):
                layers.append(torch.nn.ReLU())
        torch.nn.init.zeros_(layers[-1].weight)
        torch.nn.init.zeros_(layers[-1].bias)
        self.net = torch.nn.Sequential(*layers)
        self.dim = dim

    def inverse(self, x):
        change = 1.0 - self.keep
        out = self.net(x * self.keep)
        shift = out[:, : self.dim] * change
        log_scale = 2.0 * torch.tanh(out[:, self.dim:] / 2.0) * change
        return (x - shift) * torch.exp(-log_scale), -log_scale.sum(1)


class RealNvp(torch.nn.Module):
    def __init__(self, dim, blocks, hidden):
        super().__init__()
        self.loc = torch.nn.Parameter(torch.zeros(1, dim, dtype=torch.float64))
        self.log_scale = torch.nn.Parameter(torch.zeros(1, dim, dtype=torch.float64))
        self.layers = torch.nn.ModuleList(
            Coupling(torch.arange(dim) % 2 == (i % 2), hidden) for i in range(blocks))
        self.dim = dim

    def log_prob(self, x):
        log_det = torch.zeros(x.shape[0], dtype=x.dtype)
        for layer in reversed(self.layers):
            x, ld = layer.inverse(x)
            log_det = log_det + ld
        u = (x - self.loc) * torch.exp(-self.log_scale)
        base = (-0.5 * u * u - self.log_scale).sum(1) - 0.5 * self.dim * math.log(2 * math.pi)
        return base + log_det


def timed(fn, warmup, steps, cpu, name):
    """Wall milliseconds per call of fn; its thread-CPU milliseconds per call go to cpu[name]."""
    for _ in range(warmup):
        fn()
    start = time.perf_counter()
    start_cpu = time.thread_time()
    for _ in range(steps):
        fn()
    cpu[name] = (time.thread_time() - start_cpu) / steps * 1e3
    return (time.perf_counter() - start) / steps * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--dim", type=int, default=60)
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 128, 128])
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = RealNvp(args.dim, args.blocks, args.hidden)
    x = torch.randn(args.batch, args.dim, dtype=torch.float64)
    forward, forward_backward, step = training_phases(model, x, 1e-4, float("inf"))

    print(f"threads {torch.get_num_threads()}")
    cpu = {}
    print(f"forward {timed(forward, args.warmup, args.steps, cpu, 'forward'):.4f}")
    print(f"forward_backward {timed(forward_backward, args.warmup, args.steps, cpu, 'forward_backward'):.4f}")
    print(f"step {timed(step, args.warmup, args.steps, cpu, 'step'):.4f}")
    for name, ms in cpu.items():
        print(f"{name}_cpu {ms:.4f}")


if __name__ == "__main__":
    main()
