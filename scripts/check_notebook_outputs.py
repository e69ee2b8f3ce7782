"""Checks that executed notebooks drew what they should: named cells hold an image/png chart or an HTML table.

Usage: check_notebook_outputs.py EXECUTED.ipynb [...]    (from `./mbo4j notebook PATH --out EXECUTED.ipynb`)

Each notebook of EXPECTED (by file name) lists its cells by a line of their source and what each must show:
  png    an image/png output drawn at twice the size Jupyter shows it (width/height metadata, the toolkit's 2x PNGs)
  table  a text/html output holding a <table>
  text   a stream output containing the given text
and every HTML table cell of the notebook shows decimals with at most 4 significant digits. Prints one line per
missing item, naming the notebook, the cell and what is missing, and exits 1; prints a count per notebook and
exits 0 when everything is there. Uses only the standard library (the outputs are plain JSON).
"""
import base64
import json
import os
import re
import struct
import sys

# (source line that identifies the cell, kind[, text for 'text'])
EXPECTED = {
    "00-quickstart.ipynb": [
        ("task.dataset().table()", "table"),
        ("Plots.scoreHistogram(task.dataset())", "png"),
        ("topk", "table"),
        ("evaluation.score(topk)", "table"),
        ("Plots.scores(scores)", "png"),
        ("Plots.scoreHistogram(task.dataset(), \"random designs\", randomScores)", "png"),
    ],
    "01-problem-and-benchmarks.ipynb": [
        ("Tasks.list()", "table"),
        ("split", "table"),
        ("scores.get(0)", "table"),
        ("Plots.landscape(branin, 60)", "png"),
        ("Plots.scores(scores)", "png"),
        ("zdtEval.score(zdtRandom)", "table"),
        ("Plots.paretoFront(zdt1, \"random designs\", zdtEval.oracle(zdtRandom.designs()))", "png"),
    ],
    "02-gradient-ascent-and-ensembles.ipynb": [
        ("report", "table"),
        ("Plots.rewardHacking(report)", "png"),
        ("Plots.rewardHacking(TrajectoryReport.of(evaluation, guarded))", "png"),
        ("calibration.table()", "table"),
        ("Plots.scores(scores)", "png"),
    ],
    "03-conservative-and-robust.ipynb": [
        ("String.format(\"D(best) = %.3f\", ev.dBest(128))", "text", "score100="),
        ("hack", "png"),
        ("Plots.landscape(br, 40)   // the true landscape; the hidden top 20% of the sampled points is marked", "png"),
        ("paths", "png"),
    ],
    "04-prototype-a-method.ipynb": [
        ("summary.table()", "table"),
        ("\"normalised 100th percentile\", taskNames, means, stds)", "png"),
    ],
    "05-generative-vae-gan-autoregressive.ipynb": [
        ("GenerativePlots.scoreHistograms(cbSamples, \"oracle\", visible, 0)", "png"),
        ("GenerativePlots.training(cbTraining, \"prior vae\")", "png"),
        ("cbScores", "table"),
        ("GenerativePlots.scores(cbScores)", "png"),
        ("GenerativePlots.scoreHistograms(cbSamples, \"oracle\", visible, 0, cbLast / 2, cbLast)", "png"),
        ("GenerativePlots.scoreHistograms(cbSamples, \"predicted\", null, 0, cbLast)", "png"),
        ("cbDistribution", "table"),
        ("GenerativePlots.distribution(cbDistribution)", "png"),
        ("GenerativePlots.training(cbTraining, \"iteration\")", "png"),
        ("mnScores", "table"),
        ("GenerativePlots.scoreHistograms(mnSamples, \"oracle\", visible)", "png"),
        ("GenerativePlots.training(GenerativeDiagnostics.training(mn), \"gan\")", "png"),
        ("rollouts", "png"),
        ("GenerativePlots.distribution(bnDistribution)", "png"),
        ("GenerativePlots.training(GenerativeDiagnostics.training(bn), \"transformer\")", "png"),
        ("finalDesigns", "table"),
    ],
    "06-diffusion-and-gflownets.ipynb": [
        ("denoising", "png"),
        ("guidance", "table"),
        ("knob", "png"),
        ("ddScores", "table"),
        ("GenerativePlots.scoreHistograms(ddSamples, \"oracle\", visible, 0, ddLast / 2, ddLast)", "png"),
        ("GenerativePlots.training(GenerativeDiagnostics.training(dd), \"denoiser\")", "png"),
        ("Proposal rg = rgd.propose(tf.problem(), K, SEED);", "text", "rgd: "),
        ("rgScores", "table"),
        ("gfn.logZ(), Math.log(z), tv);", "text", "total variation between policy and target"),
        ("gfnFit", "png"),
        ("Proposal gt = gtg.propose(tf.problem(), K, SEED);", "text", "gtg: "),
        ("sideBySide", "table"),
    ],
    "07-multi-objective.ipynb": [
        ("ParetoPlots.fronts(zdt, zdtSets)", "png"),
        ("ParetoPlots.hypervolume(\"ZDT1: D(best)'s hypervolume\", zdt.dataset().scoreNames(), zev.normalizeForHv(zdtBest),",
         "png"),
        ("zev.score(mmZdt)", "table"),
        ("ParetoPlots.fronts(\"ZDT1: mm's 256 designs, predicted and true\", zdt.dataset().scoreNames(), mmSets)", "png"),
        ("zev.score(pfZdt)", "table"),
        ("ParetoPlots.fronts(\"ZDT1: mm and ParetoFlow against the data\", zdt.dataset().scoreNames(), pfSets)", "png"),
        ("ParetoPlots.fronts(re, reSets)", "png"),
        ("small", "table"),
        ("TaskTypeRanks.of(small).table()", "table"),
    ],
    "08-ranking-and-mentoring.ipynb": [
        ("ranking", "table"),
        ("order", "png"),
        ("sideBySide", "table"),
    ],
}

LONG_DECIMAL = re.compile(r"<td>(-?\d*\.\d*[1-9]\d*)</td>")


def significant_digits(number):
    digits = number.lstrip("-").replace(".", "").lstrip("0")
    return len(digits)


def png_size(b64):
    raw = base64.b64decode(b64)
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", raw[16:24])


def find_cell(cells, line):
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if any(l.strip() == line for l in source.splitlines()):
            return index, cell
    return None, None


def check(path):
    """Problems of one executed notebook (empty when it drew everything) and a one-line tally."""
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    cells = nb.get("cells", [])
    problems = []
    if name not in EXPECTED:
        return ["%s: no expected outputs are listed for it in %s" % (name, os.path.basename(__file__))], ""
    pngs = tables = 0
    for item in EXPECTED[name]:
        line, kind = item[0], item[1]
        index, cell = find_cell(cells, line)
        if cell is None:
            problems.append("%s: no code cell has the line '%s' (the notebook changed? update EXPECTED in %s)"
                            % (name, line, os.path.basename(__file__)))
            continue
        outputs = cell.get("outputs", [])
        where = "%s: cell [%d] (%s)" % (name, index, line[:60])
        if kind == "png":
            found = [o for o in outputs if "image/png" in o.get("data", {})]
            if not found:
                problems.append("%s has no image/png chart" % where)
                continue
            meta = found[0].get("metadata", {}).get("image/png", {})
            size = png_size(found[0]["data"]["image/png"])
            if size is None:
                problems.append("%s: its image/png output is not a PNG" % where)
            elif not meta.get("width") or size != (2 * meta["width"], 2 * meta.get("height", 0)):
                problems.append("%s: its PNG is %dx%d pixels for a display size of %sx%s; expected twice the size"
                                % (where, size[0], size[1], meta.get("width"), meta.get("height")))
            else:
                pngs += 1
        elif kind == "table":
            if not any("<table" in "".join(o.get("data", {}).get("text/html", "")) for o in outputs):
                problems.append("%s has no HTML table" % where)
            else:
                tables += 1
        elif kind == "text":
            text = "".join("".join(o.get("text", "")) for o in outputs if o.get("output_type") == "stream")
            if item[2] not in text:
                problems.append("%s printed no '%s'" % (where, item[2]))
    for index, cell in enumerate(cells):
        for o in cell.get("outputs", []):
            html = "".join(o.get("data", {}).get("text/html", ""))
            for number in LONG_DECIMAL.findall(html):
                if significant_digits(number) > 4:
                    problems.append("%s: cell [%d] shows %s in a table; numbers show at most 4 significant digits"
                                    % (name, index, number))
                    break
    return problems, "%s: %d image/png charts, %d HTML tables as expected" % (name, pngs, tables)


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        problems, tally = check(path)
        for p in problems:
            print("mbo4j: " + p, file=sys.stderr)
        if problems:
            failed = True
        else:
            print("mbo4j: " + tally, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
