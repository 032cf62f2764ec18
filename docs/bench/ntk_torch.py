"""Reference empirical NTK in PyTorch for a tangent4j dense network folder (development cross-check only;
the project and its tests never run Python).

Usage: python3 ntk_torch.py NETWORK_DIR POINTS.npy [KERNEL.npy]
  NETWORK_DIR  written by DenseNetwork.save: arch.json, layers.{j}.W.npy [n_in, n_out], layers.{j}.b.npy [n_out]
               (j the dense layer's place in the file's "layers")
  POINTS.npy   [N, d] float64 points
  KERNEL.npy   optional tangent4j full kernel [N*k, N*k] (row i*k + a) to compare against

Rebuilds f_theta from arch.json alone (NTK: z = w_std/sqrt(n_in) x W + b_std b; standard: z = x W + b),
computes J = dF/dtheta with functorch's vmap(jacrev) (torch 1.13) or a per-point autograd loop, and
Theta = J J^T in float64, in tangent4j's index order (point-major, output-minor).
"""
import json
import math
import sys
import time

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "relu": torch.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "erf": torch.erf,
    "identity": lambda u: u,
    "abs": torch.abs,
    "sin": torch.sin,
    "softplus": torch.nn.functional.softplus,
    "gelu": lambda u: torch.nn.functional.gelu(u),  # exact erf form, as tangent4j
}


def load(folder):
    desc = json.load(open(f"{folder}/arch.json"))
    params, plan = {}, []
    for i, layer in enumerate(desc["layers"]):
        if layer["type"] == "dense":
            ntk = layer.get("parameterization", desc.get("parameterization", "ntk")) == "ntk"
            params[f"layers.{i}.W"] = torch.from_numpy(np.load(f"{folder}/layers.{i}.W.npy"))
            if layer["b_std"] > 0:
                params[f"layers.{i}.b"] = torch.from_numpy(np.load(f"{folder}/layers.{i}.b.npy"))
            plan.append(("dense", i, layer["w_std"], layer["b_std"], ntk))
        elif layer["type"] == "activation":
            name = layer["activation"]
            if name.startswith("leaky-relu:"):
                alpha = float(name.split(":")[1])
                plan.append(("act", lambda u, a=alpha: torch.where(u < 0, a * u, u)))
            elif name.startswith("piecewise-linear:"):
                a, b = (float(v) for v in name.split(":")[1].split(","))
                plan.append(("act", lambda u, a=a, b=b: torch.where(u < 0, a * u, b * u)))
            elif name.startswith("erf:"):
                a, b, c = (float(v) for v in name.split(":")[1].split(","))
                plan.append(("act", lambda u, a=a, b=b, c=c: a * torch.erf(b * u) + c))
            else:
                plan.append(("act", ACTIVATIONS[name]))
        else:
            raise SystemExit(f"layer {i} has type {layer['type']}: this script rebuilds dense networks only")

    def f(theta, x):
        h = x
        for step in plan:
            if step[0] == "act":
                h = step[1](h)
                continue
            _, i, w_std, b_std, ntk = step
            w = theta[f"layers.{i}.W"]
            z = h @ w * (w_std / math.sqrt(w.shape[0])) if ntk else h @ w
            if f"layers.{i}.b" in theta:
                z = z + (b_std * theta[f"layers.{i}.b"] if ntk else theta[f"layers.{i}.b"])
            h = z
        return h

    return params, f


def jacobian(params, f, x):
    names = list(params)
    try:
        from functorch import jacrev, vmap
        jac = vmap(jacrev(lambda th, xi: f(th, xi[None])[0]), in_dims=(None, 0))(params, x)
        print("Jacobian by functorch vmap(jacrev)")
        return torch.cat([jac[n].reshape(x.shape[0], -1, params[n].numel()) for n in names], dim=2)
    except ImportError:
        print("Jacobian by a per-point autograd loop (functorch not installed)")
        rows = []
        for i in range(x.shape[0]):
            out = f(params, x[i:i + 1])[0]
            for a in range(out.shape[0]):
                g = torch.autograd.grad(out[a], [params[n] for n in names], retain_graph=True)
                rows.append(torch.cat([gi.reshape(-1) for gi in g]))
        return torch.stack(rows).reshape(x.shape[0], -1, rows[0].numel())


def main():
    params, f = load(sys.argv[1])
    for p in params.values():
        p.requires_grad_(True)
    x = torch.from_numpy(np.load(sys.argv[2]))
    t = time.perf_counter()
    j = jacobian(params, f, x)  # [N, k, P]
    j = j.reshape(-1, j.shape[-1])
    theta = (j @ j.T).detach().numpy()
    print(f"PyTorch {torch.__version__}: N = {x.shape[0]}, P = {j.shape[1]}, {time.perf_counter() - t:.3f} s")
    if len(sys.argv) > 3:
        ref = np.load(sys.argv[3])
        print("relative difference to tangent4j:", np.linalg.norm(theta - ref) / np.linalg.norm(ref))


if __name__ == "__main__":
    main()
