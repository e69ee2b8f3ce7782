"""PyTorch CPU reference for ./mbo4j perf --torch: the same cases as org.mbo4j.perf.PerfSuite.

Same shapes, batch, optimizer and thread count; idiomatic PyTorch (nn.Sequential, torch.optim.Adam, autograd),
no DataLoader (index shuffling on tensors, the cheapest way to batch in-memory data). Adam is PyTorch's fastest
CPU implementation, fused=True (opt-in since torch 2.4: about twice as fast as the default foreach update on the
Grad surrogate, measured), and gradients are released with zero_grad(set_to_none=True), its default and faster
setting: the reference is PyTorch at its best, not its defaults. Also measures numpy's
float32 GEMM 2048^3 as the machine's practical peak.

Serves cases on request so that the Java suite can interleave them with its own (both sides see the same machine
load): reads case names from stdin, one per line, and prints one JSON object per case on stdout.
Cases: numpy-peak, gemm-128, gemm-512, gemm-2048, train-epoch, ascent-step, ascent-step-ensemble5, coms-batch,
gan-step, gan-step-mins (MINs' own networks), vae-epoch, transformer-step, nsga2-generation (pymoo's NSGA-II on torch proxies),
flow-matching-epoch, denoiser-epoch, ddom-sampling, tb-step, ntk-gram, bdi-step, ranking-batch, unet-step,
cql-step, parego-acquisition.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, required=True)
p.add_argument("--quick", action="store_true")
args = p.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (thread variables must be set first)
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(0)
D, H, ROWS, BATCH = 24, 2048, 32898, 128
QUICK = args.quick


def median_time(warmup, reps, fn):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def macs(*s):
    return sum(s[i] * s[i + 1] for i in range(len(s) - 1))


def fwd(*s):
    return 2 * macs(*s)


def bwd_weights(*s):
    return 2 * macs(*s) + 2 * (macs(*s) - s[0] * s[1])


def adam(params, **kw):
    """torch.optim.Adam with the fused CPU kernel (torch >= 2.4), else the default implementation."""
    params = list(params)
    try:
        return torch.optim.Adam(params, fused=True, **kw)
    except (RuntimeError, TypeError, ValueError):
        return torch.optim.Adam(params, **kw)


def result(name, seconds, samples, flops):
    return {"case": name, "seconds": seconds, "samples_per_s": samples / seconds, "gflops": flops / seconds / 1e9}


class Gaussian(torch.nn.Module):
    """design-baselines ForwardModel: mean and soft-clipped log-std with trainable bounds."""

    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.LeakyReLU(0.3), torch.nn.Linear(H, H),
                                       torch.nn.LeakyReLU(0.3), torch.nn.Linear(H, 2))
        self.max_logstd = torch.nn.Parameter(torch.full((1, 1), math.log(0.2)))
        self.min_logstd = torch.nn.Parameter(torch.full((1, 1), math.log(0.1)))

    def forward(self, x):
        out = self.net(x)
        mean, logstd = out[:, :1], out[:, 1:]
        logstd = self.max_logstd - torch.nn.functional.softplus(self.max_logstd - logstd)
        logstd = self.min_logstd + torch.nn.functional.softplus(logstd - self.min_logstd)
        return mean, logstd


def nll(model, x, y):
    mean, logstd = model(x)
    return (0.5 * math.log(2 * math.pi) + logstd + 0.5 * ((y - mean) * torch.exp(-logstd)) ** 2).mean()


def numpy_peak():
    a = np.random.rand(2048, 2048).astype(np.float32)
    b = np.random.rand(2048, 2048).astype(np.float32)
    c = np.empty((2048, 2048), dtype=np.float32)
    t = median_time(2, 5 if QUICK else 15, lambda: np.matmul(a, b, out=c))
    return {"case": "numpy-peak", "seconds": t, "gflops": 2 * 2048 ** 3 / t / 1e9}


def gemm(n):
    a, b, c = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)
    reps = (5 if QUICK else 15) if n >= 2048 else (50 if n >= 512 else 500)
    t = median_time(max(2, reps // 10), reps, lambda: torch.mm(a, b, out=c))
    return result("gemm-%d" % n, t, n, 2 * n ** 3)


def train_epoch():
    rows = 20 * BATCH if QUICK else ROWS
    x = torch.rand(rows, D) * 2 - 1
    y = torch.rand(rows, 1) * 2 - 1
    model = Gaussian()
    opt = adam(model.parameters(), lr=3e-4, eps=1e-7)

    def epoch(n_rows):
        perm = torch.randperm(n_rows)
        for s in range(0, n_rows, BATCH):
            idx = perm[s:s + BATCH]
            opt.zero_grad(set_to_none=True)
            loss = nll(model, x[idx], y[idx])
            loss.backward()
            opt.step()
            if not math.isfinite(loss.item()):
                raise RuntimeError("diverged")

    epoch(4 * BATCH)  # warm-up
    t = median_time(0, 1, lambda: epoch(rows)) * ROWS / rows
    s = (D, H, H, 2)
    return result("train-epoch", t, ROWS, (fwd(*s) + bwd_weights(*s)) * ROWS)


def ascent(members):
    models = [Gaussian().requires_grad_(False) for _ in range(members)]
    state = {"x": torch.rand(BATCH, D) * 2 - 1}

    def step():
        xv = state["x"].detach().requires_grad_(True)
        pred = sum(m(xv)[0] for m in models) / members
        (g,) = torch.autograd.grad(pred.sum(), xv)
        state["x"] = (xv + 1e-3 * g).detach()

    t = median_time(3, 10 if QUICK else 50, step)
    s = (D, H, H, 2)
    name = "ascent-step" if members == 1 else "ascent-step-ensemble%d" % members
    return result(name, t, BATCH, members * BATCH * (fwd(*s) + 2 * macs(*s)))


def coms_batch():
    f = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, H), torch.nn.ReLU(),
                            torch.nn.Linear(H, 1))
    fopt = adam(f.parameters(), lr=3e-4, eps=1e-7)
    log_alpha = torch.tensor(math.log(0.1), requires_grad=True)
    aopt = torch.optim.Adam([log_alpha], lr=0.01)
    xb = torch.rand(BATCH, D) * 2 - 1
    yb = torch.rand(BATCH, 1) * 2 - 1
    particle_lr = 2.0 * math.sqrt(D) * 1e-3

    def batch():
        xn = xb.clone()
        for _ in range(50):
            xv = xn.detach().requires_grad_(True)
            (g,) = torch.autograd.grad(f(xv).sum(), xv)
            xn = (xv + particle_lr * g).detach()
        alpha = log_alpha.exp()
        pos = f(xb)
        neg = f(xn)
        gap = neg.mean() - pos.mean()
        loss = ((pos - yb) ** 2).mean() + alpha.detach() * gap
        fopt.zero_grad(set_to_none=True)
        loss.backward()
        fopt.step()
        aloss = alpha * (2.0 - gap.detach())
        aopt.zero_grad()
        aloss.backward()
        aopt.step()

    t = median_time(1, 2 if QUICK else 5, batch)
    s = (D, H, H, 1)
    return result("coms-batch", t, BATCH, BATCH * (50 * (fwd(*s) + 2 * macs(*s)) + 2 * fwd(*s) + 2 * bwd_weights(*s)))


class ColumnNet(torch.nn.Module):
    """The networks of org.mbo4j.nn.ConditionalGenerator/ConditionalCritic with GanNetwork.INPUT_COLUMN: Linear +
    LeakyReLU(0.2) x 3 on [x, y], then Linear."""

    def __init__(self, inputs, outputs, hidden):
        super().__init__()
        layers, width = [], inputs + 1
        for _ in range(3):
            layers += [torch.nn.Linear(width, hidden), torch.nn.LeakyReLU(0.2)]
            width = hidden
        self.net = torch.nn.Sequential(*layers, torch.nn.Linear(width, outputs))

    def forward(self, x, y):
        return self.net(torch.cat([x, y], 1))


class MinsNet(torch.nn.Module):
    """MINs' network as design-baselines builds it (design_baselines/mins/nets.py lines 116-177 and 480-541) and
    org.mbo4j.nn.ConditionedMlp computes it: y embedded by a Linear(1, hidden) and concatenated to the input of every
    Linear, LayerNorm (eps 1e-3, Keras' default) before each LeakyReLU(0.2). PyTorch's default initialisation, not
    Keras' Glorot (timing only)."""

    def __init__(self, inputs, outputs, hidden):
        super().__init__()
        self.embed = torch.nn.Linear(1, hidden)
        self.dense = torch.nn.ModuleList(
            [torch.nn.Linear(inputs + hidden, hidden)]
            + [torch.nn.Linear(2 * hidden, hidden) for _ in range(2)]
            + [torch.nn.Linear(2 * hidden, outputs)])
        self.norms = torch.nn.ModuleList([torch.nn.LayerNorm(hidden, eps=1e-3) for _ in range(3)])

    def forward(self, x, y):
        e = self.embed(y)
        for dense, norm in zip(self.dense[:-1], self.norms):
            x = torch.nn.functional.leaky_relu(norm(dense(torch.cat([x, e], 1))), 0.2)
        return self.dense[-1](torch.cat([x, e], 1))


def _gan_step(name, network):
    """One MINs GAN step with the given networks (critic and generator both `network(inputs, outputs, hidden)`,
    called as net(x, y)): WGAN-GP critic update (penalty by double backprop) then one generator update; Gumbel-softmax
    per position. The FLOP count leaves out the extra passes of a second-order penalty through LayerNorms, the same on
    both sides, so the ratio is unaffected."""
    length, letters, z_size, hidden = 8, 4, 32, 1024
    d = length * letters
    gen, critic = network(z_size, d, hidden), network(d, 1, hidden)
    gopt = adam(gen.parameters(), lr=2e-4, betas=(0.0, 0.9), eps=1e-7)
    dopt = adam(critic.parameters(), lr=2e-4, betas=(0.0, 0.9), eps=1e-7)
    x = torch.nn.functional.one_hot(torch.randint(0, letters, (BATCH, length)), letters).float().view(BATCH, d)
    y = torch.randn(BATCH, 1)
    w = torch.rand(BATCH, 1)
    temp = 2.0

    def sample():
        logits = gen(torch.randn(BATCH, z_size), y).view(BATCH, length, letters)
        return torch.nn.functional.gumbel_softmax(logits, tau=temp).view(BATCH, d)

    def soften(v):
        p = (0.99 * v + 0.01 / letters).view(BATCH, length, letters)
        return torch.nn.functional.gumbel_softmax(p.log(), tau=temp).view(BATCH, d)

    def step():
        xr = soften(x)
        with torch.no_grad():
            xf = sample()
        d_real = critic(xr, y)
        d_fake = critic(xf, y)
        e = torch.rand(BATCH, 1)
        h = (e * xr + (1 - e) * xf).requires_grad_(True)
        (g,) = torch.autograd.grad(critic(h, y).sum(), h, create_graph=True)
        penalty = (1 - g.norm(dim=1, keepdim=True)) ** 2
        loss = (w * (-d_real + d_fake + 10.0 * penalty)).mean()
        dopt.zero_grad(set_to_none=True)
        loss.backward()
        dopt.step()
        critic.requires_grad_(False)
        gloss = (w * -critic(sample(), y)).mean()
        gopt.zero_grad(set_to_none=True)
        gloss.backward()
        gopt.step()
        critic.requires_grad_(True)

    t = median_time(2, 5 if QUICK else 20, step)
    e = hidden if network is MinsNet else 1  # the condition's columns in the first layer's input
    shared = hidden if network is MinsNet else 0  # the embedding's columns in the later layers' inputs
    macs_d = (d + e) * hidden + 2 * (hidden + shared) * hidden + hidden + shared + (hidden if shared else 0)
    macs_g = (z_size + e) * hidden + 2 * (hidden + shared) * hidden + (hidden + shared) * d + (hidden if shared else 0)
    return result(name, t, BATCH, 2 * BATCH * (12 * macs_d + 4 * macs_g))


def gan_step():
    """gan-step: y as an input column (ColumnNet)."""
    return _gan_step("gan-step", ColumnNet)


def gan_step_mins():
    """gan-step-mins: MINs' own networks (MinsNet), the penalty double-backpropagated through the LayerNorms."""
    return _gan_step("gan-step-mins", MinsNet)


class Vae(torch.nn.Module):
    """CbAS' VAE at design-baselines' TFBind8 sizes: encoder mean and soft-clipped log-std (scale softplus(logstd)),
    reparameterised z, decoder to 8 x 4 categorical logits."""

    def __init__(self, length=8, classes=4, hidden=256, latent=32):
        super().__init__()
        self.length, self.classes, self.latent = length, classes, latent
        self.enc = torch.nn.Sequential(torch.nn.Linear(length * classes, hidden), torch.nn.LeakyReLU(0.3),
                                       torch.nn.Linear(hidden, 2 * latent))
        self.dec = torch.nn.Sequential(torch.nn.Linear(latent, hidden), torch.nn.LeakyReLU(0.3),
                                       torch.nn.Linear(hidden, length * classes))
        self.max_logstd = torch.nn.Parameter(torch.full((1, 1), math.log(0.2)))
        self.min_logstd = torch.nn.Parameter(torch.full((1, 1), math.log(0.1)))

    def loss(self, x, beta=1.0):
        out = self.enc(x)
        mean, logstd = out[:, :self.latent], out[:, self.latent:]
        logstd = self.max_logstd - torch.nn.functional.softplus(self.max_logstd - logstd)
        logstd = self.min_logstd + torch.nn.functional.softplus(logstd - self.min_logstd)
        scale = torch.nn.functional.softplus(logstd)
        z = mean + scale * torch.randn_like(mean)
        logp = torch.log_softmax(self.dec(z).view(-1, self.length, self.classes), dim=-1)
        nll = -(x.view(-1, self.length, self.classes) * logp).sum(dim=(1, 2))
        kl = (-torch.log(scale) + 0.5 * (scale ** 2 + mean ** 2) - 0.5).sum(dim=1)
        return (nll + beta * kl).mean()


def vae_epoch():
    vbatch = 100
    rows = 20 * vbatch if QUICK else ROWS
    x = torch.nn.functional.one_hot(torch.randint(0, 4, (rows, 8)), 4).float().view(rows, 32)
    model = Vae()
    opt = adam(model.parameters(), lr=3e-4, eps=1e-7)

    def epoch(n_rows):
        perm = torch.randperm(n_rows)
        for s in range(0, n_rows, vbatch):
            idx = perm[s:s + vbatch]
            opt.zero_grad(set_to_none=True)
            loss = model.loss(x[idx])
            loss.backward()
            opt.step()
            if not math.isfinite(loss.item()):
                raise RuntimeError("diverged")

    epoch(4 * vbatch)  # warm-up
    t = median_time(0, 1, lambda: epoch(rows)) * ROWS / rows
    enc, dec = (32, 256, 64), (32, 256, 32)
    flops = fwd(*enc) + bwd_weights(*enc) + fwd(*dec) + bwd_weights(*dec) + 2 * 32 * 256
    return result("vae-epoch", t, ROWS, flops * ROWS)


class Block(torch.nn.Module):
    """minGPT's pre-norm block as BONET uses it (mingpt/model_discrete.py of siddarthk97/bonet): LN, masked
    multi-head self-attention (query, key, value, projection; attention and residual dropout), LN, MLP 4E with GELU."""

    def __init__(self, embed, heads, tokens, pdrop):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = torch.nn.LayerNorm(embed), torch.nn.LayerNorm(embed)
        self.key, self.query, self.value = (torch.nn.Linear(embed, embed) for _ in range(3))
        self.proj = torch.nn.Linear(embed, embed)
        self.attn_drop, self.resid_drop = torch.nn.Dropout(pdrop), torch.nn.Dropout(pdrop)
        self.register_buffer("mask", torch.tril(torch.ones(tokens, tokens)).view(1, 1, tokens, tokens))
        self.mlp = torch.nn.Sequential(torch.nn.Linear(embed, 4 * embed), torch.nn.GELU(),
                                       torch.nn.Linear(4 * embed, embed), torch.nn.Dropout(pdrop))

    def attn(self, x):
        b, t, e = x.size()
        h = self.heads
        k = self.key(x).view(b, t, h, e // h).transpose(1, 2)
        q = self.query(x).view(b, t, h, e // h).transpose(1, 2)
        v = self.value(x).view(b, t, h, e // h).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf"))
        att = self.attn_drop(torch.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, e)
        return self.resid_drop(self.proj(y))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Bonet(torch.nn.Module):
    """BONET's GPT at its TFBind8 sizes: tokens R1 X1 ... Rs Xs (tanh-linear embeddings of the regret and of the 8
    integer tokens), learned position and global (window start) embeddings, 8 blocks, final LN, a head of 8 x 4
    logits read at the R tokens."""

    def __init__(self, length=8, letters=4, embed=128, layers=8, heads=8, steps=64, max_timestep=128, pdrop=0.1):
        super().__init__()
        self.ret_emb = torch.nn.Linear(1, embed)
        self.point_emb = torch.nn.Linear(length, embed)
        self.pos_emb = torch.nn.Parameter(torch.zeros(1, 2 * steps + 1, embed))
        self.global_pos_emb = torch.nn.Parameter(torch.zeros(1, max_timestep + 1, embed))
        self.drop = torch.nn.Dropout(pdrop)
        self.blocks = torch.nn.Sequential(*[Block(embed, heads, 2 * steps, pdrop) for _ in range(layers)])
        self.ln_f = torch.nn.LayerNorm(embed)
        self.head = torch.nn.Linear(embed, length * letters)

    def forward(self, rtg, points, starts):
        b, s, _ = points.shape
        tok = torch.stack([torch.tanh(self.ret_emb(rtg)), torch.tanh(self.point_emb(points))], dim=2)
        tok = tok.reshape(b, 2 * s, -1)
        glob = self.global_pos_emb[0, starts].unsqueeze(1)
        x = self.drop(tok + self.pos_emb[:, :2 * s] + glob)
        x = self.ln_f(self.blocks(x))
        return self.head(x[:, 0::2])


def transformer_step():
    length, letters, embed, layers, heads, steps = 8, 4, 128, 8, 8, 64
    model = Bonet(length, letters, embed, layers, heads, steps)
    try:
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1, fused=True)
    except (RuntimeError, TypeError, ValueError):
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1)
    target = torch.randint(0, letters, (BATCH, steps, length))
    points = target.float()
    rtg = torch.rand(BATCH, steps, 1)
    starts = torch.randint(0, 128 - steps + 1, (BATCH,))

    def step():
        logits = model(rtg, points, starts).reshape(-1, letters)
        loss = torch.nn.functional.cross_entropy(logits, target.reshape(-1)) * length
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    t = median_time(1, 2 if QUICK else 5, step)
    tokens = 2 * steps
    per_token = layers * 12.0 * embed * embed + (length + 1) * embed / 2
    flops = 6.0 * BATCH * (tokens * per_token + layers * 2.0 * tokens * tokens * embed + tokens / 2 * embed * 32)
    return result("transformer-step", t, BATCH, flops)


NSGA_D, NSGA_M, NSGA_POP = 30, 2, 256


def nsga2_generation():
    """pymoo 0.6.1.3 NSGA-II (SBX 0.9/15, PM 1/n/20, duplicates eliminated: the defaults Off-MOO-Bench runs) on
    Off-MOO-Bench's mm proxies for ZDT1 (two d -> 2048 -> 2048 -> 1 LeakyReLU networks, d = 30) with population
    256: the time of a run of G generations (the initial population being the first) divided by G."""
    try:
        from pymoo.algorithms.moo.nsga2 import NSGA2
        from pymoo.core.problem import Problem
        from pymoo.optimize import minimize
    except ImportError:
        return {"case": "nsga2-generation", "error": "pymoo is not installed in .venv-perf"}
    nn = torch.nn
    nets = [nn.Sequential(nn.Linear(NSGA_D, H), nn.LeakyReLU(), nn.Linear(H, H), nn.LeakyReLU(), nn.Linear(H, 1))
            for _ in range(NSGA_M)]

    class Proxies(Problem):
        def __init__(self):
            super().__init__(n_var=NSGA_D, n_obj=NSGA_M, xl=0.0, xu=1.0)

        def _evaluate(self, x, out, *a, **k):
            with torch.no_grad():
                t = torch.from_numpy(x.astype(np.float32))
                out["F"] = torch.cat([n(t) for n in nets], dim=1).double().numpy()

    start = np.random.default_rng(0).random((NSGA_POP, NSGA_D))
    gens = 3 if QUICK else 10

    def run():
        minimize(Proxies(), NSGA2(pop_size=NSGA_POP, sampling=start, eliminate_duplicates=True), ("n_gen", gens),
                 seed=0, verbose=False)

    t = median_time(1, 1 if QUICK else 3, run) / gens
    flops = NSGA_POP * NSGA_M * 2 * (NSGA_D * H + H * H + H)
    return result("nsga2-generation", t, NSGA_POP, flops)


FM_D, FM_ROWS, FM_HIDDEN = 30, 54000, 512


class VectorField(torch.nn.Module):
    """ParetoFlow's VectorFieldNet with its time embedding: net(x + Linear(1, D)(t)), 3 x 512 SELU."""

    def __init__(self, d, h=FM_HIDDEN):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(d, h), torch.nn.SELU(), torch.nn.Linear(h, h), torch.nn.SELU(),
                                       torch.nn.Linear(h, h), torch.nn.SELU(), torch.nn.Linear(h, d))
        self.time = torch.nn.Linear(1, d)

    def forward(self, x, t):
        return self.net(x + self.time(t))


def flow_matching_epoch():
    """One epoch of ICFM (sigma = 0) training on 54,000 rows, timed on 100 batches (20 quick) and extrapolated."""
    batches = 20 if QUICK else 100
    rows = batches * BATCH
    x = torch.rand(rows, FM_D) * 2 - 1
    model = VectorField(FM_D)
    opt = adam(model.parameters(), lr=1e-3)

    def epoch(n_rows):
        perm = torch.randperm(n_rows)
        for s in range(0, n_rows, BATCH):
            x1 = x[perm[s:s + BATCH]]
            x0 = torch.randn_like(x1)
            t = torch.rand(x1.shape[0], 1)
            xt = (1 - t) * x0 + t * x1
            opt.zero_grad(set_to_none=True)
            loss = ((model(xt, t) - (x1 - x0)) ** 2).mean()
            loss.backward()
            opt.step()
            if not math.isfinite(loss.item()):
                raise RuntimeError("diverged")

    epoch(4 * BATCH)  # warm-up
    t = median_time(0, 1, lambda: epoch(rows)) * FM_ROWS / rows
    s = (FM_D, FM_HIDDEN, FM_HIDDEN, FM_HIDDEN, FM_D)
    return result("flow-matching-epoch", t, FM_ROWS, (fwd(*s) + bwd_weights(*s) + 2 * FM_D * FM_HIDDEN) * FM_ROWS)


DD_D, DD_ROWS, DD_HIDDEN, DD_STEPS = 24, 32241, 1024, 1000


class Denoiser(torch.nn.Module):
    """DDOM's MLP on [x | t | y]: 3 x 1024 Swish (siddarthk97/ddom design_baselines/diff/nets.py 96-145)."""

    def __init__(self, d=DD_D, h=DD_HIDDEN):
        super().__init__()
        self.main = torch.nn.Sequential(torch.nn.Linear(d + 2, h), torch.nn.SiLU(), torch.nn.Linear(h, h),
                                        torch.nn.SiLU(), torch.nn.Linear(h, h), torch.nn.SiLU(), torch.nn.Linear(h, d))

    def forward(self, x, t, y):
        return self.main(torch.cat([x, t, y], dim=1))


BETA_MIN, BETA_MAX = 0.01, 2.0


def vp_beta(t):
    return BETA_MIN + (BETA_MAX - BETA_MIN) * t


def vp_mean_std(t):
    m = torch.exp(-0.25 * t ** 2 * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN)
    return m, torch.sqrt(1 - m ** 2)


def denoiser_epoch():
    """One epoch of DDOM's weighted DSM training on 32,241 rows, timed on 100 batches (20 quick), extrapolated."""
    batches = 20 if QUICK else 100
    rows = batches * BATCH
    x = torch.rand(rows, DD_D) * 2 - 1
    y = torch.rand(rows, 1) * 2 - 1
    w = (torch.rand(rows, 1) * 2) * 2.5
    model = Denoiser()
    opt = adam(model.parameters(), lr=1e-3)

    def epoch(n_rows):
        for s in range(0, n_rows, BATCH):
            x0, yb, wb = x[s:s + BATCH], y[s:s + BATCH].clone(), w[s:s + BATCH]
            t = torch.rand(x0.shape[0], 1)
            m, std = vp_mean_std(t)
            eps = torch.randn_like(x0)
            xt = m * x0 + std * eps
            yb[torch.rand(yb.shape) <= 0.15] = 0.0
            opt.zero_grad(set_to_none=True)
            a = model(xt, t, yb)
            loss = (wb * (a * std / torch.sqrt(vp_beta(t)) + eps) ** 2).sum(1).div(2).mean()
            loss.backward()
            opt.step()
            if not math.isfinite(loss.item()):
                raise RuntimeError("diverged")

    epoch(4 * BATCH)  # warm-up
    t = median_time(0, 1, lambda: epoch(rows)) * DD_ROWS / rows
    s = (DD_D + 2, DD_HIDDEN, DD_HIDDEN, DD_HIDDEN, DD_D)
    return result("denoiser-epoch", t, DD_ROWS, (fwd(*s) + bwd_weights(*s)) * DD_ROWS)


def ddom_sampling():
    """DDOM's heun_sampler on 128 designs with guidance 2: 1000 steps (100 quick, scaled)."""
    steps = 100 if QUICK else DD_STEPS
    model = Denoiser()
    gamma, delta = 2.0, 1.0 / DD_STEPS

    @torch.no_grad()
    def run(n):
        x = torch.randn(BATCH, DD_D)
        y = torch.cat([torch.ones(BATCH, 1), torch.zeros(BATCH, 1)])
        for i in range(n):
            s = 1.0 - i * delta
            tt = torch.full((2 * BATCH, 1), s)
            a = model(torch.cat([x, x]), tt, y)
            drift = (1 + gamma) * a[:BATCH] - gamma * a[BATCH:]
            g = math.sqrt(vp_beta(s))
            x = x + delta * (g * drift + 0.5 * vp_beta(s) * x) + math.sqrt(delta) * g * torch.randn_like(x)
            if i < n - 1:
                x = x + 0.5 * (math.sqrt(vp_beta(s - delta)) - g) * math.sqrt(delta) * torch.randn_like(x)
        return x

    run(10)  # warm-up
    t = median_time(0, 1, lambda: run(steps)) * DD_STEPS / steps
    s = (DD_D + 2, DD_HIDDEN, DD_HIDDEN, DD_HIDDEN, DD_D)
    return result("ddom-sampling", t, BATCH, fwd(*s) * 2 * BATCH * DD_STEPS)


TB_STEPS = 200


class TbPolicy(torch.nn.Module):
    """GFlowNet-AL's policy (MJ10/BioSeq-GFN-AL lib/generator/gfn.py 109-182): one-hot prefix (8 x 4) ->
    Linear(32, 1024), 2 x [ReLU, Linear(1024, 1024)], Linear(1024, 4); log Z as the sum of a 64-vector."""

    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(32, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 1024),
                                       torch.nn.ReLU(), torch.nn.Linear(1024, 1024), torch.nn.Linear(1024, 4))
        self.log_z = torch.nn.Parameter(torch.full((64,), 50.0 / 64))


def tb_step():
    """Sample 16 sequences letter by letter, trajectory balance on 16 + 8, clip 10, two Adams; mean over 200 steps."""
    steps = 20 if QUICK else TB_STEPS
    model = TbPolicy()
    opt = adam(model.net.parameters(), lr=1e-3)
    opt_z = adam([model.log_z], lr=0.1)
    data = torch.randint(0, 4, (8, 8))
    log_r = 8 * torch.log(0.1 + 0.9 * torch.rand(24))

    def prefixes(seqs):
        b = seqs.shape[0]
        onehot = torch.nn.functional.one_hot(seqs, 4).float().reshape(b, 32)
        mask = (torch.arange(32).reshape(1, 1, 32) < (torch.arange(8) * 4).reshape(1, 8, 1)).float()
        return (onehot.reshape(b, 1, 32) * mask).reshape(b * 8, 32)

    def step():
        with torch.no_grad():
            rows = torch.zeros(16, 32)
            seqs = torch.zeros(16, 8, dtype=torch.long)
            for t in range(8):
                a = torch.distributions.Categorical(logits=model.net(rows) / 0.2).sample()
                rnd = torch.rand(16) < 0.001
                a = torch.where(rnd, torch.randint(0, 4, (16,)), a)
                seqs[:, t] = a
                rows[torch.arange(16), t * 4 + a] = 1
        batch = torch.cat([seqs, data])
        logits = model.net(prefixes(batch)).reshape(24, 8, 4)
        lp = torch.log_softmax(logits, -1).gather(2, batch.unsqueeze(2)).squeeze(2).sum(1)
        loss = ((model.log_z.sum() + lp - log_r) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        opt_z.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10)
        opt.step()
        opt_z.step()

    for _ in range(5):
        step()
    t = median_time(0, 1, lambda: [step() for _ in range(steps)]) / steps
    s = (32, 1024, 1024, 1024, 4)
    return result("tb-step", t, 24, 8 * 16 * fwd(*s) + 24 * 8 * (fwd(*s) + bwd_weights(*s)))


NTK_ROWS, NTK_D, NTK_DEPTH = 32898, 24, 5


def ntk(c, q1, q2):
    """neural-tangents 0.3.9's NTK of stax.serial(Dense, [Relu, Dense] x 5), W_std 1, no bias, NTK parameterisation,
    from the input kernel c = x.x'/D and the diagonals q1, q2 (stax.py 1110-1120, 3281-3292)."""
    k = c
    for _ in range(NTK_DEPTH):
        r = torch.sqrt(torch.clamp(q1 * q2 - c * c, min=0.0))
        dot = 0.5 - torch.atan2(r, c) / (2 * math.pi)
        c = r / (2 * math.pi) + dot * c
        k = dot * k + c
        q1 = q1 * 0.5
        q2 = q2 * 0.5
    return k


def ntk_gram():
    """BDI's kernel matrix over 32,898 rows of 24 inputs, float64: a 2,048-row square block (1,024 quick),
    scaled by entries to the n(n+1)/2 of the lower triangle."""
    m = 1024 if QUICK else 2048
    g = torch.Generator().manual_seed(26)
    x = torch.randn(m, NTK_D, dtype=torch.float64, generator=g)

    @torch.no_grad()
    def run():
        q = (x * x).sum(1) / NTK_D
        return ntk(x @ x.T / NTK_D, q[:, None], q[None, :])

    run()
    t = median_time(0, 1, run)
    entries = NTK_ROWS * (NTK_ROWS + 1) / 2
    return result("ntk-gram", t * entries / (m * m), NTK_ROWS, entries * (2 * NTK_D + 30 * NTK_DEPTH))


def bdi_step():
    """One BDI step at one design over 32,898 rows: forward loss (Theta(z, X) d - 10)^2/2 plus backward loss
    sum w (Theta(X, z) 10/Theta(z, z) - y)^2/2 with w = 1/n, and the gradient in z by autograd, float64."""
    steps = 5 if QUICK else 20
    n = 4096 if QUICK else NTK_ROWS
    g = torch.Generator().manual_seed(28)
    x = torch.randn(n, NTK_D, dtype=torch.float64, generator=g)
    y = torch.randn(n, dtype=torch.float64, generator=g)
    d = 20 * torch.randn(n, dtype=torch.float64, generator=g)
    qx = (x * x).sum(1) / NTK_D
    z0 = x[0] + 0.1 * torch.randn(NTK_D, dtype=torch.float64, generator=g)

    def step():
        z = z0.clone().requires_grad_(True)
        qz = (z * z).sum() / NTK_D
        k = ntk(x @ z / NTK_D, qz, qx)
        kzz = ntk(qz, qz, qz)
        loss = 0.5 * ((k * d).sum() - 10.0) ** 2 + 0.5 * ((k * 10.0 / kzz - y) ** 2).mean()
        loss.backward()
        return z.grad

    for _ in range(3):
        step()
    t = median_time(0, 1, lambda: [step() for _ in range(steps)]) / steps * NTK_ROWS / n
    return result("bdi-step", t, NTK_ROWS, NTK_ROWS * (4 * NTK_D + 60 * NTK_DEPTH))


def ranking_batch():
    """One step of RaM (lamda-bbo/Offline-RaM config/default.yaml): 128 lists of 1,000 designs drawn from 32,898 rows,
    scored by Linear(24, 2048), ReLU, Linear(2048, 2048), ReLU, Linear(2048, 1); ListNet
    -sum softmax(t) log(softmax(s) + 1e-10) per list, mean over lists; backward; Adam lr 3e-4, weight decay 1e-5.
    16 lists with --quick, scaled."""
    lists = 16 if QUICK else 128
    m = 1000
    x = torch.rand(ROWS, D) * 2 - 1
    y = torch.rand(ROWS) * 2 - 1
    idx = torch.stack([torch.randperm(ROWS)[:m] for _ in range(lists)])
    model = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, H), torch.nn.ReLU(),
                                torch.nn.Linear(H, 1))
    opt = adam(model.parameters(), lr=3e-4, weight_decay=1e-5)

    def step(ix):
        opt.zero_grad(set_to_none=True)
        s = model(x[ix].reshape(-1, D)).reshape(ix.shape[0], m)
        t = y[ix]
        loss = -(torch.softmax(t, 1) * torch.log(torch.softmax(s, 1) + 1e-10)).sum(1).mean()
        loss.backward()
        opt.step()

    step(idx)  # warm-up on the timed batch (steady state, as the mbo4j side)
    t = median_time(0, 1, lambda: step(idx)) * 128 / lists
    s = (D, H, H, 1)
    rows = 128 * m
    return result("ranking-batch", t, rows, (fwd(*s) + bwd_weights(*s)) * rows)


GTG_D, GTG_H, GTG_DIM, GTG_MULTS = 25, 64, 32, (1, 4, 8)


class GtgConvBlock(torch.nn.Module):
    """Conv1d(kernel 5, padding 2), GroupNorm(8), Mish: the convolution block of GTG's temporal U-Net."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = torch.nn.Conv1d(cin, cout, 5, padding=2)
        self.norm = torch.nn.GroupNorm(8, cout)
        self.act = torch.nn.Mish()

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class GtgResidual(torch.nn.Module):
    """B1(B0(x) + Linear(Mish(t))) + R(x), R a 1 x 1 convolution when the widths differ."""

    def __init__(self, cin, cout, embed):
        super().__init__()
        self.b0, self.b1 = GtgConvBlock(cin, cout), GtgConvBlock(cout, cout)
        self.time = torch.nn.Sequential(torch.nn.Mish(), torch.nn.Linear(embed, cout))
        self.res = torch.nn.Conv1d(cin, cout, 1) if cin != cout else torch.nn.Identity()

    def forward(self, x, t):
        return self.b1(self.b0(x) + self.time(t)[:, :, None]) + self.res(x)


class GtgUnet(torch.nn.Module):
    """GTG's temporal U-Net (org.mbo4j.nn.TemporalUnet), written from its description: [B, D, H] in and out."""

    def __init__(self, d, dim, mults):
        super().__init__()
        dims = [d] + [dim * m for m in mults]
        self.dim = dim
        self.time = torch.nn.Sequential(torch.nn.Linear(dim, 4 * dim), torch.nn.Mish(), torch.nn.Linear(4 * dim, dim))
        n = len(mults)
        self.downs = torch.nn.ModuleList()
        for i in range(n):
            down = torch.nn.Conv1d(dims[i + 1], dims[i + 1], 3, 2, 1) if i < n - 1 else torch.nn.Identity()
            self.downs.append(torch.nn.ModuleList([GtgResidual(dims[i], dims[i + 1], dim),
                                                   GtgResidual(dims[i + 1], dims[i + 1], dim), down]))
        self.mid = torch.nn.ModuleList([GtgResidual(dims[-1], dims[-1], dim), GtgResidual(dims[-1], dims[-1], dim)])
        self.ups = torch.nn.ModuleList()
        for i in range(n - 1, 0, -1):
            self.ups.append(torch.nn.ModuleList([GtgResidual(2 * dims[i + 1], dims[i], dim),
                                                 GtgResidual(dims[i], dims[i], dim),
                                                 torch.nn.ConvTranspose1d(dims[i], dims[i], 4, 2, 1)]))
        self.out = torch.nn.Sequential(GtgConvBlock(dim, dim), torch.nn.Conv1d(dim, d, 1))

    def embed(self, t):
        half = self.dim // 2
        f = torch.exp(torch.arange(half) * -(math.log(10000) / (half - 1)))
        a = t[:, None] * f[None, :]
        return torch.cat([a.sin(), a.cos()], dim=-1)

    def forward(self, x, t):
        t = self.time(self.embed(t))
        skips = []
        for r0, r1, down in self.downs:
            x = r1(r0(x, t), t)
            skips.append(x)
            x = down(x)
        for r in self.mid:
            x = r(x, t)
        for r0, r1, up in self.ups:
            x = up(r1(r0(torch.cat([x, skips.pop()], dim=1), t), t))
        return self.out(x)


def unet_macs(d, dim, mults, horizon):
    dims = [d] + [dim * m for m in mults]

    def res(cin, cout, n):
        m = cin * cout * 5 * n + cout * cout * 5 * n + dim * cout
        return m if cin == cout else m + cin * cout * n

    macs, n = 2 * dim * 4 * dim, horizon
    for i in range(len(mults)):
        macs += res(dims[i], dims[i + 1], n) + res(dims[i + 1], dims[i + 1], n)
        if i < len(mults) - 1:
            n //= 2
            macs += dims[i + 1] * dims[i + 1] * 3 * n
    macs += 2 * res(dims[-1], dims[-1], n)
    for i in range(len(mults) - 1, 0, -1):
        macs += res(2 * dims[i + 1], dims[i], n) + res(dims[i], dims[i], n) + dims[i] * dims[i] * 4 * n
        n *= 2
    return macs + dim * dim * 5 * horizon + dim * d * horizon


def unet_step():
    """One of GTG's diffusion training steps: 256 trajectories of 64 x 25, weighted MSE on the noise, Adam."""
    b = 2 * BATCH
    model = GtgUnet(GTG_D, GTG_DIM, GTG_MULTS)
    opt = adam(model.parameters(), lr=2e-4)
    x = torch.rand(b, GTG_D, GTG_H) * 2 - 1
    eps = torch.rand(b, GTG_D, GTG_H) * 2 - 1
    t = torch.randint(0, 200, (b,)).float()
    w = torch.ones(GTG_D, 1)
    w[-1] = 10

    def step():
        opt.zero_grad(set_to_none=True)
        loss = ((model(x, t) - eps) ** 2 * w).mean()
        loss.backward()
        opt.step()

    secs = median_time(1, 1 if QUICK else 3, step)
    return result("unet-step", secs, b, 2.0 * unet_macs(GTG_D, GTG_DIM, GTG_MULTS, GTG_H) * 3 * b)


CQL_D, CQL_BATCH, CQL_N = 32, 256, 10


def cql_step():
    """One CQL-SAC update as PGS's conservative_sac.py runs it (yassineCh/PGS 5483729, lines 86-232; model.py):
    tanh-Gaussian policy with trained log-std scalars, twin critics and targets (256-256 ReLU), automatic entropy,
    importance-sampled CQL over 10 uniform, 10 pi(.|s') and 10 pi(.|s) actions at s, weight 5, broadcast TD target
    (rewards and dones as B x 1 columns), alpha then policy then critics stepped, soft target update."""
    steps = 5 if QUICK else 30
    d, b, n = CQL_D, CQL_BATCH, CQL_N

    def net(i, o):
        m = torch.nn.Sequential(torch.nn.Linear(i, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, o))
        torch.nn.init.xavier_uniform_(m[4].weight, gain=1e-2)
        torch.nn.init.constant_(m[4].bias, 0.0)
        return m

    policy, q1, q2 = net(d, 2 * d), net(2 * d, 1), net(2 * d, 1)
    scalars = torch.nn.Parameter(torch.tensor([1.0, -1.0]))
    t1, t2 = net(2 * d, 1), net(2 * d, 1)
    t1.load_state_dict(q1.state_dict())
    t2.load_state_dict(q2.state_dict())
    log_alpha = torch.nn.Parameter(torch.tensor(0.0))
    opt_pi = adam(list(policy.parameters()) + [scalars], lr=3e-4)
    opt_q = adam(list(q1.parameters()) + list(q2.parameters()), lr=3e-4)
    opt_a = adam([log_alpha], lr=3e-4)
    obs, nxt = torch.rand(b, d) * 2 - 1, torch.rand(b, d) * 2 - 1
    act = (torch.rand(b, d) * 2 - 1) * 0.9
    rew, done = torch.randn(b, 1), torch.zeros(b, 1)
    done[-1] = 1

    def sample(o):
        out = policy(o)
        mean, log_std = out[..., :d], torch.clamp(scalars[0] * out[..., d:] + scalars[1], -20.0, 2.0)
        u = mean + log_std.exp() * torch.randn_like(mean)
        a = torch.tanh(u)
        logp = (-0.5 * ((u - mean) / log_std.exp()) ** 2 - log_std - 0.5 * math.log(2 * math.pi)
                - 2 * (math.log(2) - u - torch.nn.functional.softplus(-2 * u))).sum(-1)
        return a, logp

    def q(m, o, a):
        if a.dim() == 3:
            o = o.unsqueeze(1).expand(-1, a.shape[1], -1)
        return m(torch.cat([o, a], -1)).squeeze(-1)

    def step():
        new, log_pi = sample(obs)
        alpha_loss = -(log_alpha * (log_pi - d).detach()).mean()
        alpha = log_alpha.exp()
        policy_loss = (alpha * log_pi - torch.min(q(q1, obs, new), q(q2, obs, new))).mean()
        with torch.no_grad():
            na, _ = sample(nxt)
            td = rew + (1 - done) * 0.99 * torch.min(q(t1, nxt, na), q(t2, nxt, na))
            cur, cur_lp = sample(obs.unsqueeze(1).expand(-1, n, -1))
            nn_, nn_lp = sample(nxt.unsqueeze(1).expand(-1, n, -1))
            rand = torch.rand(b, n, d) * 2 - 1
        qf_loss = 0
        for m in (q1, q2):
            pred = q(m, obs, act)
            cat = torch.cat([q(m, obs, rand) - math.log(0.5 ** d), q(m, obs, nn_) - nn_lp, q(m, obs, cur) - cur_lp], 1)
            qf_loss = qf_loss + ((pred - td) ** 2).mean() + 5.0 * (torch.logsumexp(cat, 1) - pred).mean()
        opt_a.zero_grad(set_to_none=True)
        alpha_loss.backward()
        opt_a.step()
        opt_pi.zero_grad(set_to_none=True)
        policy_loss.backward()
        opt_pi.step()
        opt_q.zero_grad(set_to_none=True)
        qf_loss.backward()
        opt_q.step()
        with torch.no_grad():
            for src, dst in ((q1, t1), (q2, t2)):
                for ps, pt in zip(src.parameters(), dst.parameters()):
                    pt.mul_(1 - 5e-3).add_(ps, alpha=5e-3)

    for _ in range(3):
        step()
    t = median_time(0, 1, lambda: [step() for _ in range(steps)]) / steps
    rows = b + 3 * b * n
    qs, ps = (2 * d, 256, 256, 1), (d, 256, 256, 2 * d)
    flops = (2 * (rows * (fwd(*qs) + bwd_weights(*qs)) + b * (fwd(*qs) + fwd(*qs)) + b * fwd(*qs))
             + (2 * b + 2 * b * n) * fwd(*ps) + b * bwd_weights(*ps))
    return result("cql-step", t, b, flops)


PG_ROWS, PG_D, PG_N, PG_S = 256, 6, 255, 128


def matern52(a, b, ls):
    """Matern-5/2 with unit outputscale; distances clamped away from 0 so that autograd stays finite."""
    r = (((a[:, None, :] - b[None, :, :]) / ls) ** 2).sum(-1).clamp_min(1e-30).sqrt()
    s5 = math.sqrt(5) * r
    return (1 + s5 + s5 * s5 / 3) * torch.exp(-s5)


def parego_acquisition():
    """One qParEGO value and gradient (BoTorch 0.8.5's qExpectedImprovement of the augmented Chebyshev
    scalarisation, the candidate sampled jointly with 255 pending points, candidate first) at VLMOP2's sizes: two
    Matern-5/2 GPs of 256 rows x 6 inputs, 128 base samples, float64, autograd. What depends only on the GP and the
    pending points is cached as on the Java side (K^-1, K^-1 k(X, P), Sigma(P, P), mu(P)); per point: the candidate's
    posterior, c, the Cholesky factor of Sigma(P, P) - c c^T (LAPACK), the samples as one matmul, the scalarised
    improvement and its backward. BoTorch itself recomputes the whole joint posterior per evaluation (slower)."""
    g = torch.Generator().manual_seed(30)
    dt = torch.float64
    X = torch.rand(PG_ROWS, PG_D, generator=g, dtype=dt)
    P = torch.rand(PG_N, PG_D, generator=g, dtype=dt)
    ls = torch.full((PG_D,), 0.5, dtype=dt)
    eye = torch.eye(PG_ROWS, dtype=dt)
    cache, ys = [], []
    for j in range(2):
        y = torch.sin(3 * X[:, j]) + 0.1 * torch.randn(PG_ROWS, generator=g, dtype=dt)
        kinv = torch.cholesky_inverse(torch.linalg.cholesky(matern52(X, X, ls) + 1e-4 * eye))
        alpha = kinv @ y
        kxp = matern52(X, P, ls)
        wp = kinv @ kxp
        spp = matern52(P, P, ls) - kxp.T @ wp
        spp = spp + 1e-9 * torch.eye(PG_N, dtype=dt)
        cache.append((kinv, alpha, wp, spp, kxp.T @ alpha))
        ys.append(y)
    Y = torch.stack(ys, 1)
    lo, span = Y.min(0).values, Y.max(0).values - Y.min(0).values
    w = torch.tensor([0.5, 0.5], dtype=dt)
    tt = w * (Y - lo) / span
    best = (-(tt.max(-1).values + 0.05 * tt.sum(-1))).max()
    Z = torch.randn(2, PG_S, PG_N + 1, generator=g, dtype=dt)
    pts = torch.rand(16, PG_D, generator=g, dtype=dt)

    def one(p):
        x = p.clone().requires_grad_(True)
        fs = []
        for j, (kinv, alpha, wp, spp, mup) in enumerate(cache):
            kx = matern52(x[None], X, ls)[0]
            kxp = matern52(x[None], P, ls)[0]
            mu = kx @ alpha
            l11 = (1.0 - kx @ (kinv @ kx)).clamp_min(1e-12).sqrt()
            c = (kxp - wp.T @ kx) / l11
            chol = torch.linalg.cholesky(spp - torch.outer(c, c))
            z = Z[j]
            f0 = mu + l11 * z[:, :1]
            fp = mup + c * z[:, :1] + z[:, 1:] @ chol.T
            fs.append(torch.cat([f0, fp], 1))
        t = w * (torch.stack(fs, -1) - lo) / span
        val = (-(t.max(-1).values + 0.05 * t.sum(-1)) - best).clamp_min(0).max(-1).values.mean()
        val.backward()
        return val

    def run():
        for p in pts:
            one(p)

    t = median_time(1, 3 if QUICK else 11, run) / len(pts)
    n = PG_N
    flops = 2 * 2 * (PG_S * n * (n + 1) / 2 + PG_ROWS * PG_ROWS)
    return result("parego-acquisition", t, 1, flops)


CASES = {"numpy-peak": numpy_peak, "gemm-128": lambda: gemm(128), "gemm-512": lambda: gemm(512),
         "gemm-2048": lambda: gemm(2048), "train-epoch": train_epoch, "ascent-step": lambda: ascent(1),
         "ascent-step-ensemble5": lambda: ascent(5), "coms-batch": coms_batch,
         "gan-step": gan_step, "gan-step-mins": gan_step_mins, "vae-epoch": vae_epoch, "transformer-step": transformer_step,
         "nsga2-generation": nsga2_generation,
         "flow-matching-epoch": flow_matching_epoch, "denoiser-epoch": denoiser_epoch,
         "ddom-sampling": ddom_sampling, "tb-step": tb_step, "ntk-gram": ntk_gram, "bdi-step": bdi_step,
         "ranking-batch": ranking_batch, "unet-step": unet_step, "cql-step": cql_step,
         "parego-acquisition": parego_acquisition}

ADAM_KIND = "fused" if adam([torch.zeros(1, requires_grad=True)], lr=1e-3).defaults.get("fused") else "foreach"
print(json.dumps({"ready": True, "torch": torch.__version__, "numpy": np.__version__, "adam": ADAM_KIND,
                  "python": sys.version.split()[0], "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    name = line.strip()
    if not name:
        continue
    if name not in CASES:
        print(json.dumps({"case": name, "error": "unknown case"}), flush=True)
        continue
    print(json.dumps(CASES[name]()), flush=True)
