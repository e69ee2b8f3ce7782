"""GradNorm as Off-MOO-Bench's trainers run it, in PyTorch, as a reference peer for mbo4j's `e2e-gradnorm` and
`mh-gradnorm` (method.moo.MultiTaskLoss, nn.GradNorm, nn.GradNormCurvature; docs/methods/moo-proxies.md).

Written from `lamda-bbo/offline-moo` at a960f6f: `End2EndGradNormTrainer.launch` (`off_moo_baselines/end2end/
trainer.py` 214-276) and `MultiHeadGradNormTrainer.launch` (`multi_head/trainer.py` 218-280): per-objective MSE task
losses, the network's gradient of weights @ loss, the norms ||d(w_i L_i)/dW|| of the norm layer's weight built with
create_graph=True (the output layer for End2End, `forward_model.layers[-1]`; the trunk's last layer for MultiHead,
`feature_extractor.layers[-1]`), the GradNorm loss sum |gw - mean(gw) r^alpha| times 1/0.2 (data pruning)
back-propagated into the network's gradients and the weights, then one step of a fresh Adam on the weights and the
renormalisation to sum m. The networks are small (3 -> 6 -> 5 -> 3 for End2End, 3 -> 6 -> 6 with three heads 6 -> 1
for MultiHead; LeakyReLU 0.01 as theirs, `nets.py`), float64, with seeded weights; two batches are taken at the same
network weights (no network step between them, so the second batch's loss ratios differ from 1 while the network
stays put), recording after each the network's gradient and the task weights.

Output: JSON with the weights, the batches and the gradients, the committed fixture of
`DnnProxiesTest.gradNormMatchesTheReferenceTrainerInTorch`.

usage: python crosscheck/gradnorm_torch.py OUT.json
"""
import json
import sys

import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float64)
ALPHA, WEIGHT_LR, SCALE = 0.12, 5e-4, 1 / 0.2


def layers_for(kind):
    if kind == "e2e":
        return [nn.Linear(3, 6), nn.Linear(6, 5), nn.Linear(5, 3)]
    return [nn.Linear(3, 6), nn.Linear(6, 6), nn.Linear(6, 1), nn.Linear(6, 1), nn.Linear(6, 1)]


def forward(kind, layers, x):
    act = nn.LeakyReLU()
    if kind == "e2e":
        return layers[2](act(layers[1](act(layers[0](x)))))
    h = act(layers[1](act(layers[0](x))))
    return torch.cat([act(head(h)) for head in layers[2:]], dim=1)


def run(kind, rng):
    layers = layers_for(kind)
    with torch.no_grad():
        for layer in layers:
            layer.weight.copy_(torch.tensor(rng.uniform(-0.8, 0.8, layer.weight.shape)))
            layer.bias.copy_(torch.tensor(rng.uniform(-0.3, 0.3, layer.bias.shape)))
    norm_layer = layers[-1] if kind == "e2e" else layers[1]
    batches = [(rng.uniform(-1, 1, (8, 3)), rng.uniform(-1, 1, (8, 3))) for _ in range(2)]
    mse = nn.MSELoss()
    params = [p for layer in layers for p in layer.parameters()]
    steps = []
    weights, l0, total = None, None, None
    for bx, by in batches:
        x, y = torch.tensor(bx), torch.tensor(by)
        for p in params:
            p.grad = None
        out = forward(kind, layers, x)
        loss = torch.stack([mse(y[:, i], out[:, i]) for i in range(3)])
        if weights is None:
            weights = nn.Parameter(torch.ones_like(loss))
            total = weights.sum().detach()
            l0 = loss.detach()
        weight_opt = torch.optim.Adam([weights], lr=WEIGHT_LR)
        (weights @ loss).backward(retain_graph=True)
        gw = torch.stack([torch.norm(torch.autograd.grad(weights[i] * loss[i], norm_layer.parameters(),
                                                         retain_graph=True, create_graph=True)[0])
                          for i in range(3)])
        ratio = loss.detach() / l0
        constant = (gw.mean().detach() * (ratio / ratio.mean()) ** ALPHA).detach()
        gradnorm_loss = torch.abs(gw - constant).sum() * SCALE
        weight_opt.zero_grad()
        gradnorm_loss.backward()
        weight_opt.step()
        weights = nn.Parameter((weights / weights.sum() * total).detach())
        steps.append({
            "weights": weights.detach().tolist(),
            "gradnorm_loss": gradnorm_loss.item(),
            "grads": [{"weight": layer.weight.grad.tolist(), "bias": layer.bias.grad.tolist()} for layer in layers],
        })
    return {
        "layers": [{"weight": layer.weight.tolist(), "bias": layer.bias.tolist()} for layer in layers],
        "batches": [{"x": bx.tolist(), "y": by.tolist()} for bx, by in batches],
        "steps": steps,
    }


def main():
    rng = np.random.default_rng(20261207)
    out = {"torch": torch.__version__, "source": "lamda-bbo/offline-moo a960f6f end2end/trainer.py 214-276, "
           "multi_head/trainer.py 218-280", "e2e": run("e2e", rng), "mh": run("mh", rng)}
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
