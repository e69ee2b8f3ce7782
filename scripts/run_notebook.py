"""Executes one notebook with the Java kernel, cell by cell (nbclient), for `./mbo4j notebook`.

Stops at the first failing cell and names it (index, first source line, the kernel's error), writes the executed
notebook (also on failure, so the error can be inspected) and exits 0 when every cell ran, 1 otherwise.
Run through `./mbo4j notebook PATH [--out OUT.ipynb]`, which prepares the venv, the build and the kernelspec.
"""
import argparse
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def write_atomically(nb, out):
    out = os.path.abspath(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out), suffix=".ipynb.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def cell_error(cell):
    """The kernel's error of an executed cell: 'ename: evalue' from its error output."""
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            return "%s: %s" % (o.get("ename", "error"), o.get("evalue", "").strip())
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook")
    ap.add_argument("--out", required=True, help="where to write the executed notebook")
    ap.add_argument("--kernel", default=os.environ.get("MBO4J_KERNEL", "java"), help="kernelspec name")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("MBO4J_CELL_TIMEOUT", "900")),
                    help="seconds one cell may run")
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}})
    name = os.path.basename(args.notebook)
    failed = None
    start = time.time()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                first = next((l for l in cell.source.splitlines() if l.strip()), "")
                err = cell_error(cell)
                if not err:
                    lines = str(e).strip().splitlines()
                    err = lines[-1] if lines else type(e).__name__
                failed = "%s: cell [%d] failed (%s): %s" % (name, index, first.strip()[:80], err)
                break
    write_atomically(nb, args.out)
    if failed:
        print("mbo4j: " + failed, file=sys.stderr)
        print("mbo4j: executed notebook (up to the failure) written to " + args.out, file=sys.stderr)
        return 1
    print("mbo4j: %s ran every cell in %.1f s; executed notebook written to %s"
          % (name, time.time() - start, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
