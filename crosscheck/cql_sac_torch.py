#!/usr/bin/env python3
"""One CQL-SAC update in PyTorch autograd, the reference for `org.mbo4j.nn.ConservativeSac` (PGS's offline RL learner).

Written from the update of `yassineCh/PGS` 5483729 `conservative_sac.py` (lines 86-232: automatic entropy tuning,
policy loss, TD targets from the target critics without an entropy term, importance-sampled CQL over N uniform,
N pi(.|s') and N pi(.|s) actions evaluated at s, alpha then policy then critics stepped, soft target update) and
`model.py` (TanhGaussianPolicy with trained log-std multiplier and offset, clamp [-20, 2], log-probability through
torch's TanhTransform). Nothing is imported from that repository: this is an independent transcription, so the Java
hand-written gradients are checked against autograd.

Tiny float64 networks (S = 3 observations, A = 2 actions, one hidden layer of 6 ReLU units, B = 4 transitions,
N = 3 CQL actions, min-Q weight 5, temperature 1, gamma 0.99, tau 5e-3, learning rates 1e-3, target entropy -A),
fixed weights and draws from torch.manual_seed(0). The optimiser is Adam in the TensorFlow form the Java toolkit
uses (theta -= lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps), eps = 1e-8), written out here, so the fixture checks the
gradients and the order of the updates exactly; torch.optim.Adam differs from it by eps's placement only (its
largest parameter difference after this step is recorded as `torch_adam_max_param_diff`).

    .venv-perf/bin/python crosscheck/cql_sac_torch.py > toolkit/src/test/resources/org/mbo4j/nn/cql-sac-step.json
    .venv-perf/bin/python crosscheck/cql_sac_torch.py --broadcast \
        > toolkit/src/test/resources/org/mbo4j/nn/cql-sac-step-broadcast.json

With --broadcast, rewards and dones are B x 1 columns as PGS's generate_trajectories.py makes them (lines 74-75),
so the TD target r + (1 - d)*gamma*Q_target broadcasts to B x B inside the same expression, as in PGS's runs;
without it they are length-B vectors (CQL's intent). `ConservativeSacTest.oneStepMatchesPyTorchAutograd` loads both.
"""
import copy
import json
import math
import sys
import warnings

import torch
from torch.distributions import Normal
from torch.distributions.transforms import TanhTransform

BROADCAST = "--broadcast" in sys.argv[1:]
torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
S, A, H, B, N = 3, 2, 6, 4, 3
GAMMA, TAU, LR, W, TEMP, TARGET_ENTROPY = 0.99, 5e-3, 1e-3, 5.0, 1.0, -float(A)


def mlp(inputs, outputs):
    return torch.nn.Sequential(torch.nn.Linear(inputs, H), torch.nn.ReLU(), torch.nn.Linear(H, outputs))


policy = mlp(S, 2 * A)
log_std_multiplier = torch.nn.Parameter(torch.tensor(1.0))
log_std_offset = torch.nn.Parameter(torch.tensor(-1.0))
q1, q2 = mlp(S + A, 1), mlp(S + A, 1)
t1, t2 = copy.deepcopy(q1), copy.deepcopy(q2)
log_alpha = torch.nn.Parameter(torch.tensor(0.3))  # the code starts at 0; 0.3 makes the alpha loss and alpha visible

obs = torch.randn(B, S)
actions = torch.tanh(torch.randn(B, A))
rewards = torch.randn(B)
dones = torch.tensor([0.0, 0.0, 0.0, 1.0])
shaped_rewards = rewards[:, None] if BROADCAST else rewards
shaped_dones = dones[:, None] if BROADCAST else dones
next_obs = torch.randn(B, S)
eps_policy = torch.randn(B, A)
eps_next = torch.randn(B, A)
uniform = torch.rand(B, N, A) * 2 - 1
eps_current = torch.randn(B, N, A)
eps_next_repeated = torch.randn(B, N, A)


def state():
    return {
        "policy": [p.detach().tolist() for p in policy.parameters()],
        "log_std": [log_std_multiplier.item(), log_std_offset.item()],
        "q1": [p.detach().tolist() for p in q1.parameters()],
        "q2": [p.detach().tolist() for p in q2.parameters()],
        "target1": [p.detach().tolist() for p in t1.parameters()],
        "target2": [p.detach().tolist() for p in t2.parameters()],
        "log_alpha": log_alpha.item(),
    }


def sample(o, eps):
    out = policy(o)
    mean, raw = out[..., :A], out[..., A:]
    log_std = torch.clamp(log_std_multiplier * raw + log_std_offset, -20.0, 2.0)
    std = torch.exp(log_std)
    u = mean + std * eps
    t = TanhTransform(cache_size=1)
    a = t(u)
    logp = (Normal(mean, std).log_prob(u) - t.log_abs_det_jacobian(u, a)).sum(-1)
    return a, logp


def q(net, o, a):
    if a.dim() == 3:
        o = o.unsqueeze(1).expand(-1, a.shape[1], -1)
    return net(torch.cat([o, a], -1)).squeeze(-1)


before = state()
new_actions, log_pi = sample(obs, eps_policy)
alpha_loss = -(log_alpha * (log_pi + TARGET_ENTROPY).detach()).mean()
alpha = log_alpha.exp()
policy_loss = (alpha * log_pi - torch.min(q(q1, obs, new_actions), q(q2, obs, new_actions))).mean()
q1_pred, q2_pred = q(q1, obs, actions), q(q2, obs, actions)
with torch.no_grad():
    next_actions, _ = sample(next_obs, eps_next)
    target = torch.min(q(t1, next_obs, next_actions), q(t2, next_obs, next_actions))
    td_target = shaped_rewards + (1 - shaped_dones) * GAMMA * target
    current, current_logp = sample(obs.unsqueeze(1).expand(-1, N, -1), eps_current)
    nxt, nxt_logp = sample(next_obs.unsqueeze(1).expand(-1, N, -1), eps_next_repeated)
losses = {}
qf_loss = 0
for name, net, pred in (("1", q1, q1_pred), ("2", q2, q2_pred)):
    with warnings.catch_warnings():  # with --broadcast, torch warns that the sizes differ, as in PGS's runs
        warnings.simplefilter("ignore")
        td = torch.nn.functional.mse_loss(pred, td_target)
    cat = torch.cat([q(net, obs, uniform) - math.log(0.5 ** A), q(net, obs, nxt) - nxt_logp,
                     q(net, obs, current) - current_logp], 1)
    cql = (torch.logsumexp(cat / TEMP, 1) * TEMP - pred).mean()
    losses["q" + name + "_loss"], losses["cql" + name] = td.item(), cql.item()
    qf_loss = qf_loss + td + W * cql


class TfAdam:
    def __init__(self, params):
        self.params = list(params)
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    def step(self):
        self.t += 1
        lr_t = LR * math.sqrt(1 - 0.999 ** self.t) / (1 - 0.9 ** self.t)
        with torch.no_grad():
            for p, m, v in zip(self.params, self.m, self.v):
                m.mul_(0.9).add_(0.1 * p.grad)
                v.mul_(0.999).add_(0.001 * p.grad * p.grad)
                p.sub_(lr_t * m / (v.sqrt() + 1e-8))


def zero(params):
    for p in params:
        p.grad = None


policy_params = list(policy.parameters()) + [log_std_multiplier, log_std_offset]
q_params = list(q1.parameters()) + list(q2.parameters())
# the code's order: alpha, policy, critics (each loss built before any step)
zero([log_alpha])
alpha_loss.backward()
TfAdam([log_alpha]).step()
zero(policy_params)
policy_loss.backward()
torch_policy = [p.detach().clone() for p in policy_params]
torch_grads = [p.grad.clone() for p in policy_params]
TfAdam(policy_params).step()
after_policy = [p.detach().clone() for p in policy_params]
zero(q_params)
qf_loss.backward()
TfAdam(q_params).step()
with torch.no_grad():
    for src, dst in ((q1, t1), (q2, t2)):
        for ps, pt in zip(src.parameters(), dst.parameters()):
            pt.copy_((1 - TAU) * pt + TAU * ps)
after = state()
# torch.optim.Adam on the policy from the same gradients, for the size of the eps-placement difference
with torch.no_grad():
    for p, v, g in zip(policy_params, torch_policy, torch_grads):
        p.copy_(v)
        p.grad = g
torch.optim.Adam(policy_params, lr=LR, eps=1e-8).step()
diff = max((p.detach() - r).abs().max().item() for p, r in zip(policy_params, after_policy))

json.dump({
    "generator": "crosscheck/cql_sac_torch.py, torch " + torch.__version__,
    "sizes": {"S": S, "A": A, "H": H, "B": B, "N": N},
    "settings": {"td_target": "batch-broadcast" if BROADCAST else "per-transition", "discount": GAMMA, "tau": TAU, "lr": LR, "min_q_weight": W, "temperature": TEMP,
                 "target_entropy": TARGET_ENTROPY},
    "before": before,
    "batch": {"obs": obs.tolist(), "actions": actions.tolist(), "rewards": rewards.tolist(),
              "dones": dones.tolist(), "next_obs": next_obs.tolist()},
    "draws": {"policy": eps_policy.tolist(), "next": eps_next.tolist(), "uniform": uniform.tolist(),
              "current": eps_current.tolist(), "next_repeated": eps_next_repeated.tolist()},
    "losses": dict(losses, policy_loss=policy_loss.item(), alpha=alpha.item(), alpha_loss=alpha_loss.item(),
                   mean_log_pi=log_pi.mean().item()),
    "after": after,
    "torch_adam_max_param_diff": diff,
}, sys.stdout, indent=1)
