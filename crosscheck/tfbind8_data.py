"""TFBind8's visible data as mbo4j's surrogate pipeline sees it, for the PyTorch peers in this folder.

visible_logits(data_dir) -> (logits, y): the rows with y <= the 50th percentile of the full data (Design-Bench's
visible split), their Design-Bench logits (soft one-hot 0.6, log-ratio to class 0, flattened: n x 24) and raw y.
"""
import os

import numpy as np


def visible_logits(data_dir):
    folder = os.path.join(data_dir, "tf_bind_8-SIX6_REF_R1")
    x_all = np.load(os.path.join(folder, "tf_bind_8-x-0.npy")).astype(np.int64)
    y_all = np.load(os.path.join(folder, "tf_bind_8-y-0.npy")).reshape(-1).astype(np.float64)
    visible = y_all <= np.percentile(y_all, 50)
    xv, yv = x_all[visible], y_all[visible]
    s, k = 0.6, 4
    on, off = np.log(s + (1 - s) / k), np.log((1 - s) / k)
    p = np.where(np.eye(k, dtype=bool)[xv], on, off)  # n x 8 x 4 log soft one-hot
    return (p[:, :, 1:] - p[:, :, :1]).reshape(len(xv), -1), yv
