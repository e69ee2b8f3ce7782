"""Step-by-step record of Off-MOO-Bench's qParEGO with BoTorch 0.8.5, for `Export.java steps` (README.md here).

usage: python botorch_steps.py DIR K SEED

Fits SingleTaskGP on DIR/gp_x.csv and DIR/gp_t.csv as botorch_mobo.py does and chooses K candidates the same way
(a fresh simplex weight and qEI of the augmented Chebyshev scalarisation per candidate, the earlier ones pending).
For each step it records what the Java side needs to rebuild that step exactly: the weights, the candidate, and the
candidate's acquisition value estimated with 4096 Sobol samples (a fixed-seed sampler; the run itself uses its 128).
Writes DIR/steps_K_SEED/: w.csv, cands.csv, botorch.csv (best_f, value at the candidate with 4096 samples) and
hyper.csv (the fitted GP per objective in gp_hyper.csv's layout: constant mean in minimised units, output scale,
noise, lengthscales).
"""
import os
import sys

import numpy as np
import torch
import botorch
from botorch.acquisition.monte_carlo import qExpectedImprovement
from botorch.acquisition.objective import GenericMCObjective
from botorch.fit import fit_gpytorch_mll
from botorch.models import SingleTaskGP
from botorch.optim.optimize import optimize_acqf
from botorch.sampling.normal import SobolQMCNormalSampler
from botorch.utils.multi_objective.scalarization import get_chebyshev_scalarization
from botorch.utils.sampling import sample_simplex
from gpytorch.mlls import ExactMarginalLogLikelihood


def main(folder, k, seed):
    assert botorch.__version__ == "0.8.5", "the reference pins botorch==0.8.5, found " + botorch.__version__
    torch.set_num_threads(1)
    dt = dict(dtype=torch.double)
    x = torch.tensor(np.loadtxt(f"{folder}/gp_x.csv", delimiter=",", ndmin=2), **dt)
    y = -torch.tensor(np.loadtxt(f"{folder}/gp_t.csv", delimiter=",", ndmin=2), **dt)  # BoTorch maximises
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = SingleTaskGP(x, y)
    fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
    d, m = x.shape[1], y.shape[1]
    out = f"{folder}/steps_{k}_{seed}"
    os.makedirs(out, exist_ok=True)
    kernel = model.covar_module
    hyper = np.column_stack([
        -model.mean_module.constant.detach().numpy().reshape(m),
        kernel.outputscale.detach().numpy().reshape(m),
        model.likelihood.noise.detach().numpy().reshape(m),
        kernel.base_kernel.lengthscale.detach().numpy().reshape(m, d)])
    np.savetxt(f"{out}/hyper.csv", hyper, delimiter=",")
    bounds = torch.stack([torch.zeros(d, **dt), torch.ones(d, **dt)])
    sampler = SobolQMCNormalSampler(sample_shape=torch.Size([128]))
    precise = SobolQMCNormalSampler(sample_shape=torch.Size([4096]), seed=12345)
    with torch.no_grad():
        pred = model.posterior(x).mean
    weights, cands, values = [], [], []
    chosen = torch.zeros(0, d, **dt)
    for i in range(k):
        w = sample_simplex(m, **dt).squeeze()
        objective = GenericMCObjective(get_chebyshev_scalarization(weights=w, Y=pred))
        best_f = objective(y).max()
        acq = qExpectedImprovement(model=model, objective=objective, best_f=best_f, sampler=sampler)
        check = qExpectedImprovement(model=model, objective=objective, best_f=best_f, sampler=precise)
        if i > 0:
            acq.set_X_pending(chosen)
            check.set_X_pending(chosen)
        candidate, _ = optimize_acqf(acq_function=acq, bounds=bounds, q=1, num_restarts=10, raw_samples=256,
                                     options={"batch_limit": 10, "maxiter": 200})
        with torch.no_grad():
            value = check(candidate.unsqueeze(0)).item()
        weights.append(w.numpy())
        cands.append(candidate.detach().numpy().reshape(d))
        values.append([best_f.item(), value])
        chosen = torch.cat([chosen, candidate.detach()], dim=0)
        np.savetxt(f"{out}/w.csv", np.array(weights), delimiter=",")
        np.savetxt(f"{out}/cands.csv", np.array(cands), delimiter=",")
        np.savetxt(f"{out}/botorch.csv", np.array(values), delimiter=",")
        print(f"step {i + 1}/{k} value {value:.4g}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python botorch_steps.py DIR K SEED")
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
