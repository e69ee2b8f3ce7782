"""Does Off-MOO-Bench's MultipleModels + IOM trainer run under PyTorch? A replica of its update order, for
docs/methods/moo-conservative.md ("The reference's IOM step cannot run as written").

`off_moo_baselines/multiple_models/trainer.py` 495-507 of `lamda-bbo/offline-moo` at a960f6f: zero the three
optimisers' gradients once; `total_loss1.backward(retain_graph=True)`; `forward_opt.step()` (the head);
`total_loss2.backward(retain_graph=True)` (the same loss again, through the head); `rep_opt.step()`;
`d_loss.backward(retain_graph=True)`; `discriminator_opt.step()`. Since PyTorch 1.5 an optimiser's step bumps the
version counter of the tensors it updates, and a backward through a graph that saved one of them for its gradient
raises "one of the variables needed for gradient computation has been modified by an inplace operation". The
reference's install script pins torch 2.0.1 (`install.sh` 25). The replica uses small networks of the trainer's kind
(a representation φ normalised to unit length, a head, a least-squares discriminator) and prints what each backward
does.

usage: python crosscheck/offmoo_iom_inplace_torch.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def main():
    torch.manual_seed(0)
    rep = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    head = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
    disc = nn.Sequential(nn.Linear(3, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1), nn.Sigmoid())
    forward_opt = torch.optim.Adam(head.parameters(), lr=3e-4)
    rep_opt = torch.optim.Adam(rep.parameters(), lr=3e-4)
    disc_opt = torch.optim.Adam(disc.parameters(), lr=1e-3, betas=(0.5, 0.999))
    x, y, x_neg = torch.randn(16, 4), torch.randn(16, 1), torch.randn(16, 4)
    rx = rep(x)
    rx = rx / (rx.norm(dim=-1, keepdim=True) + 1e-6)
    rxn = rep(x_neg)
    rxn = rxn / (rxn.norm(dim=-1, keepdim=True) + 1e-6)
    mse = F.mse_loss(head(rx), y)
    d_loss = (F.mse_loss(disc(rx.detach()).view(-1), torch.ones(16))
              + F.mse_loss(disc(rxn).view(-1), torch.zeros(16))) / 2
    total_loss1 = (mse - d_loss * 2).mean()
    total_loss2 = (mse - d_loss * 2).mean()
    rep_opt.zero_grad()
    forward_opt.zero_grad()
    disc_opt.zero_grad()
    total_loss1.backward(retain_graph=True)
    forward_opt.step()
    try:
        total_loss2.backward(retain_graph=True)
        rep_opt.step()
        print("total_loss2.backward: ran")
    except RuntimeError as e:
        print("total_loss2.backward: RuntimeError:", str(e).split(":")[0])
    print("torch", torch.__version__)


if __name__ == "__main__":
    main()
