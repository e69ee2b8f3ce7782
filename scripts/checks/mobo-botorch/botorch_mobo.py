"""Off-MOO-Bench's one-round MOBO on rows exported by Export.java, with BoTorch 0.8.5 (README.md here).

usage: python botorch_mobo.py parego|nehvi DIR K SEED [HYPER]

Reads DIR/gp_x.csv, DIR/gp_t.csv (minimised targets) and DIR/ref.csv; fits one SingleTaskGP with BoTorch 0.8.5's
defaults; proposes K candidates one at a time with the earlier ones pending, as the reference's solvers do
(lamda-bbo/offline-moo a960f6f, off_moo_baselines/mobo/mobo_parego.py 82-113 and mobo_vallina.py 82-113; the loop
below is optimize_acqf_list's / optimize_acqf(sequential=True)'s, written out to print progress); writes
DIR/botorch_<mode>_<K>_<SEED>.csv after every candidate. With HYPER (a gp_hyper.csv of Export.java: per objective
the constant mean, output scale, noise and lengthscales of our fit, minimised units), the GP takes those values
instead of BoTorch's fit, and the file is botorch_<mode>_<K>_<SEED>_hyper.csv.
"""
import sys
import time

import numpy as np
import torch
import botorch
from botorch.acquisition.monte_carlo import qExpectedImprovement
from botorch.acquisition.multi_objective.monte_carlo import qNoisyExpectedHypervolumeImprovement
from botorch.acquisition.objective import GenericMCObjective
from botorch.fit import fit_gpytorch_mll
from botorch.models import SingleTaskGP
from botorch.optim.optimize import optimize_acqf
from botorch.sampling.normal import SobolQMCNormalSampler
from botorch.utils.multi_objective.scalarization import get_chebyshev_scalarization
from botorch.utils.sampling import sample_simplex
from gpytorch.mlls import ExactMarginalLogLikelihood


def main(mode, folder, k, seed, hyper=None):
    assert botorch.__version__ == "0.8.5", "the reference pins botorch==0.8.5, found " + botorch.__version__
    torch.set_num_threads(1)
    dt = dict(dtype=torch.double)
    x = torch.tensor(np.loadtxt(f"{folder}/gp_x.csv", delimiter=",", ndmin=2), **dt)
    y = -torch.tensor(np.loadtxt(f"{folder}/gp_t.csv", delimiter=",", ndmin=2), **dt)  # BoTorch maximises
    ref = -torch.tensor(np.loadtxt(f"{folder}/ref.csv", delimiter=",", ndmin=1), **dt)
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = SingleTaskGP(x, y)
    if hyper is None:
        fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
    else:
        h = torch.tensor(np.loadtxt(hyper, delimiter=",", ndmin=2), **dt)
        with torch.no_grad():
            model.mean_module.constant.copy_(-h[:, 0])  # our targets are minimised, BoTorch's negated
            model.covar_module.outputscale = h[:, 1]
            model.likelihood.noise = h[:, 2:3]
            model.covar_module.base_kernel.lengthscale = h[:, 3:].unsqueeze(1)
        model.eval()
    kernel = model.covar_module
    print("GP outputscale", kernel.outputscale.detach().tolist(), "noise",
          model.likelihood.noise.detach().squeeze().tolist(), flush=True)
    print("GP lengthscales", kernel.base_kernel.lengthscale.detach().squeeze().tolist(), flush=True)
    d, m = x.shape[1], y.shape[1]
    bounds = torch.stack([torch.zeros(d, **dt), torch.ones(d, **dt)])
    sampler = SobolQMCNormalSampler(sample_shape=torch.Size([128]))
    options = {"batch_limit": 10, "maxiter": 200}
    if mode == "parego":
        with torch.no_grad():
            pred = model.posterior(x).mean
        acqs = []
        for _ in range(k):
            objective = GenericMCObjective(get_chebyshev_scalarization(weights=sample_simplex(m, **dt).squeeze(), Y=pred))
            acqs.append(qExpectedImprovement(model=model, objective=objective, best_f=objective(y).max(), sampler=sampler))
    else:
        nehvi = qNoisyExpectedHypervolumeImprovement(model=model, ref_point=ref, X_baseline=x, sampler=sampler)
        acqs = [nehvi] * k
    out = f"{folder}/botorch_{mode}_{k}_{seed}{'_hyper' if hyper else ''}.csv"
    chosen = torch.zeros(0, d, **dt)
    start = time.time()
    for i, acq in enumerate(acqs):
        if i > 0:
            acq.set_X_pending(chosen)
        candidate, _ = optimize_acqf(acq_function=acq, bounds=bounds, q=1, num_restarts=10, raw_samples=256,
                                     options=options)
        chosen = torch.cat([chosen, candidate.detach()], dim=0)
        np.savetxt(out, chosen.numpy(), delimiter=",")
        print(f"candidate {i + 1}/{k} {time.time() - start:.0f} s", flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6) or sys.argv[1] not in ("parego", "nehvi"):
        sys.exit("usage: python botorch_mobo.py parego|nehvi DIR K SEED [HYPER]")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] if len(sys.argv) == 6 else None)
