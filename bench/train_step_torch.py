#!/usr/bin/python3
"""Times one forward-KL training step of the alanine-dipeptide generator's spline flow in PyTorch, the reference for
the `flow_*` phases of `boltzflow bench train`.

The model mirrors the default preset's latent flow as GeneratorModel builds it: a product base (standard normal on
the unbounded coordinates, uniform on the circular ones) and blocks of a rational-quadratic spline coupling
(conditioning coordinates by the bit mask of AffineCoupling.bitMask, circular ones seen as (cos, sin); an MLP with
ReLU and a zero-initialised last layer giving 3K+1 numbers per moved coordinate; identity tails outside [-B, B] on
unbounded coordinates, periodic splines on circular ones) followed by a fixed circular shift. The latent layout
comes from the `domains` line of `boltzflow bench train` (one letter per coordinate: U, B or C, then B). One step:
-mean log q(z) on a fixed batch, backward, global gradient norm (the Java trainer's guard and clipping), Adam.
Prints `phase ms_per_step` for the fastest of the rounds, `phase_max` for the slowest and `phase_cpu` for the fastest
round's CPU time of the calling thread (with one thread every operation runs on it), as the Java side does.
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F

from torch_phases import training_phases


def bit_mask(dim, block):
    bits = max(1, (dim - 1).bit_length())
    bit = (block // 2) % bits
    return torch.tensor([((i >> bit) & 1) == block % 2 for i in range(dim)])


class Spline:
    """Rational-quadratic splines (Durkan et al. 2019) with per-coordinate interval and end conditions."""

    def __init__(self, kinds, bound, bins, min_size=1e-3, min_derivative=1e-3):
        self.bins = bins
        self.min_size = min_size
        self.min_derivative = min_derivative
        circular = torch.tensor([k == "C" for k in kinds], dtype=torch.float64)
        self.circular = circular
        self.unbounded = torch.tensor([k == "U" for k in kinds], dtype=torch.float64)
        self.bounded = torch.tensor([k == "B" for k in kinds], dtype=torch.float64)
        self.low = torch.where(circular > 0, torch.tensor(-math.pi, dtype=torch.float64),
                               torch.tensor(-bound, dtype=torch.float64))
        self.high = -self.low
        self.shift = math.log(math.expm1(1.0 - min_derivative))

    def positions(self, raw):
        k = self.bins
        sizes = F.softmax(raw, dim=-1) * (1 - self.min_size * k) + self.min_size
        cum = F.pad(torch.cumsum(sizes, dim=-1), (1, 0))
        cum[..., -1] = 1.0
        span = (self.high - self.low).unsqueeze(-1)
        return cum * span + self.low.unsqueeze(-1)

    def inverse(self, y, params):
        k = self.bins
        period = self.high - self.low
        lift = (torch.floor((y - self.low) / period) * self.circular * period).detach()
        wrapped = y - lift
        inside = (wrapped >= self.low) & (wrapped <= self.high)
        clamped = torch.maximum(torch.minimum(wrapped, self.high), self.low)
        xs = self.positions(params[..., :k])
        ys = self.positions(params[..., k:2 * k])
        raw = F.softplus(params[..., 2 * k:] + self.shift) + self.min_derivative
        first = raw[..., :1]
        u, b, c = (t.unsqueeze(-1) for t in (self.unbounded, self.bounded, self.circular))
        left = first * (1 - u) + u
        right = raw[..., k:] * b + first * c + u
        ds = torch.cat([left, raw[..., 1:k], right], dim=-1)
        idx = (clamped.unsqueeze(-1) >= ys[..., 1:k]).sum(-1, keepdim=True)
        x0, x1 = xs.gather(-1, idx).squeeze(-1), xs.gather(-1, idx + 1).squeeze(-1)
        y0, y1 = ys.gather(-1, idx).squeeze(-1), ys.gather(-1, idx + 1).squeeze(-1)
        d0, d1 = ds.gather(-1, idx).squeeze(-1), ds.gather(-1, idx + 1).squeeze(-1)
        width, height = x1 - x0, y1 - y0
        slope = height / width
        bend = d0 + d1 - 2 * slope
        rise = clamped - y0
        qa = height * (slope - d0) + rise * bend
        qb = height * d0 - rise * bend
        qc = -slope * rise
        disc = torch.clamp(qb * qb - 4 * qa * qc, min=0)
        theta = torch.clamp(2 * qc / (-qb - torch.sqrt(disc)), 0.0, 1.0)
        out = x0 + theta * width
        one_minus = 1 - theta
        denom = slope + bend * theta * one_minus
        numer = slope * slope * (d1 * theta * theta + 2 * slope * theta * one_minus + d0 * one_minus * one_minus)
        log_derivative = -(torch.log(numer) - 2 * torch.log(denom))
        value = torch.where(inside, out, wrapped) + lift
        return value, torch.where(inside, log_derivative, torch.zeros_like(log_derivative)).sum(1)


class Coupling(torch.nn.Module):
    def __init__(self, kinds, bound, mask, hidden, bins):
        super().__init__()
        self.kept = torch.nonzero(mask).squeeze(1)
        self.moved = torch.nonzero(~mask).squeeze(1)
        self.merge = torch.argsort(torch.cat([self.kept, self.moved]))
        kept_kinds = [kinds[i] for i in self.kept.tolist()]
        self.kept_circular = torch.tensor([k == "C" for k in kept_kinds])
        self.spline = Spline([kinds[i] for i in self.moved.tolist()], bound, bins)
        self.per_dim = 3 * bins + 1
        features = len(kept_kinds) + int(self.kept_circular.sum())
        sizes = [features] + hidden + [len(self.moved) * self.per_dim]
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
            if i + 2 < len(sizes):
                layers.append(torch.nn.ReLU())
        torch.nn.init.zeros_(layers[-1].weight)
        torch.nn.init.zeros_(layers[-1].bias)
        self.net = torch.nn.Sequential(*layers)

    def inverse(self, x):
        fixed = x.index_select(1, self.kept)
        features = torch.cat([fixed[:, ~self.kept_circular], torch.cos(fixed[:, self.kept_circular]),
                              torch.sin(fixed[:, self.kept_circular])], dim=1)
        params = self.net(features).reshape(x.shape[0], len(self.moved), self.per_dim)
        moved, log_det = self.spline.inverse(x.index_select(1, self.moved), params)
        return torch.cat([fixed, moved], dim=1).index_select(1, self.merge), log_det


class Shift:
    def __init__(self, kinds, generator):
        circular = torch.tensor([k == "C" for k in kinds])
        self.circular = circular
        self.offsets = (torch.rand(len(kinds), generator=generator, dtype=torch.float64) * 2 - 1) * math.pi

    def inverse(self, x):
        moved = x + math.pi - self.offsets
        wrapped = moved - torch.floor(moved / (2 * math.pi)).detach() * 2 * math.pi - math.pi
        return torch.where(self.circular, wrapped, x), torch.zeros(x.shape[0], dtype=x.dtype)


class SplineFlow(torch.nn.Module):
    def __init__(self, kinds, bound, blocks, hidden, bins, generator):
        super().__init__()
        dim = len(kinds)
        self.couplings = torch.nn.ModuleList(
            Coupling(kinds, bound, bit_mask(dim, b), hidden, bins) for b in range(blocks))
        self.shifts = [Shift(kinds, generator) for _ in range(blocks)]
        self.gaussian = torch.tensor([k == "U" for k in kinds])
        self.log_volume = sum(math.log(2 * math.pi) if k == "C" else math.log(2 * bound) for k in kinds if k != "U")

    def log_prob(self, z):
        log_det = torch.zeros(z.shape[0], dtype=z.dtype)
        for coupling, shift in zip(reversed(self.couplings), reversed(self.shifts)):
            z, ld = shift.inverse(z)
            z, ld2 = coupling.inverse(z)
            log_det = log_det + ld + ld2
        g = z[:, self.gaussian]
        base = (-0.5 * g * g).sum(1) - 0.5 * g.shape[1] * math.log(2 * math.pi) - self.log_volume
        return base + log_det


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--domains", required=True, help="one letter per coordinate (U, B, C)")
    parser.add_argument("--bound", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--blocks", type=int, default=6)
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 128])
    parser.add_argument("--bins", type=int, default=8)
    parser.add_argument("--batch", type=int, default=1024)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(0)
    kinds = args.domains
    model = SplineFlow(kinds, args.bound, args.blocks, args.hidden, args.bins, generator)
    circular = torch.tensor([k == "C" for k in kinds])
    z = torch.where(circular, (torch.rand(args.batch, len(kinds), generator=generator, dtype=torch.float64) * 2 - 1)
                    * math.pi, torch.randn(args.batch, len(kinds), generator=generator, dtype=torch.float64))
    forward, forward_backward, step = training_phases(model, z, 1e-3, 100.0)

    for _ in range(args.warmup):  # warm-up steps also move the splines off the identity they start as
        step()
    phases = {"flow_forward": forward, "flow_forward_backward": forward_backward, "flow_step": step}
    times = {name: [] for name in phases}
    cpu = {name: [] for name in phases}
    for _ in range(args.rounds):
        for name, fn in phases.items():
            start = time.perf_counter()
            start_cpu = time.thread_time()
            for _ in range(args.steps):
                fn()
            cpu[name].append((time.thread_time() - start_cpu) / args.steps * 1e3)
            times[name].append((time.perf_counter() - start) / args.steps * 1e3)
    print(f"threads {torch.get_num_threads()}")
    for name, t in times.items():
        print(f"{name} {min(t):.4f}")
    for name, t in times.items():
        print(f"{name}_max {max(t):.4f}")
    for name, t in cpu.items():
        print(f"{name}_cpu {min(t):.4f}")


if __name__ == "__main__":
    main()
