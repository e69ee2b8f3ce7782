#!/usr/bin/env python3
"""Tests of benchmarks/propose_hidden.py's records and rendered page, standard library only; the toolkit does no work.
Run by `./mbo4j test` (scripts/test.sh) or alone: python3 benchmarks/test_propose_hidden.py"""
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURE = os.path.join(HERE, "testdata", "propose_hidden_results.json")
RESULTS = os.path.join(ROOT, "notebooks", "results", "propose-hidden")

_spec = importlib.util.spec_from_file_location("propose_hidden", os.path.join(HERE, "propose_hidden.py"))
ph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ph)


def fixture():
    with open(FIXTURE) as fh:
        return json.load(fh)


class SequenceSuiteTest(unittest.TestCase):
    def test_sequence_file_is_dna_strings_without_the_top_30_percent(self):
        for name in ph.SUITES["sequence"]:
            f, d, lo, hi, n, minimise = ph.FUNCTIONS[name]
            self.assertTrue(ph.is_sequence(name))
            data = ph.dataset(f, d, lo, hi, n, minimise, seed=12345)
            self.assertEqual(700, len(data))  # 1,000 drawn, scores below the 70th percentile kept (no ties)
            self.assertTrue(all(len(x) == d and set(x) <= set("acgt") for x, _ in data))
            self.assertEqual(data, ph.dataset(f, d, lo, hi, n, minimise, seed=12345))  # seeded

    def test_motif12_adds_three_per_motif_occurrence(self):
        # the same positions' letters with and without one 'tgca' differ by the site terms plus the bonus
        with_motif, without = "aaaatgcaaaaa", "aaaatgaaaaaa"
        site = lambda p, ch: ph._site(p, "acgt".index(ch), 1.3, 2.1)  # noqa: E731
        expected = site(6, "c") - site(6, "a") + 3.0  # they differ at position 6 only
        self.assertAlmostEqual(expected, ph.motif12(with_motif) - ph.motif12(without), places=12)
        self.assertFalse(ph.is_sequence("bowl5"))


class RenderTest(unittest.TestCase):
    def test_default_page_counts_rows_and_missing_build(self):
        page = ph.render(fixture())
        # 4 runs: bowl5 grad and bumps4 grad beat the file, bowl5 coms does not, branin2 grad ended in an error
        self.assertIn("**2 of 4 runs beat the file.** 1 ended in an error. Every run beats it on `bumps4`.", page)
        self.assertIn("**2 of 3 runs of this suite beat the file.** Every run beats it on `bumps4`.", page)
        self.assertIn("**0 of 1 runs of this suite beat the file.** 1 ended in an error.", page)
        self.assertIn("| bowl5 | 560 | -7.3785 | grad | 0.0776 | -0.2150 | beats the file | 42 "
                      "| `commit=abc1234567 src=def456789012 gemm=onednn` | 2026-12-01 |", page)
        self.assertIn("| bowl5 | 560 | -7.3785 | coms | -8.0000 | -9.2500 | **does not beat** | 24 | (none) | (none) |",
                      page)
        self.assertIn("| branin2 | 139 | 19.6981 | grad | — | — | error: validation split of 200 leaves no "
                      "training rows | 3 | `commit=abc1234567 src=def456789012` | 2026-12-02 |", page)
        self.assertIn("Runs that do not:\n\n- `bowl5`: coms\n", page)
        self.assertIn("- `branin2`: grad (error)\n", page)
        self.assertIn("1 of these 3 rows have no recorded build ((none) in the build column; converted from old.md of "
                      "1234567 (2026-11-28)).", page)
        # the extended suite has no row without a build, so its table line does not explain (none)
        self.assertEqual(1, page.count("Build (none):"))
        self.assertEqual(2, page.count("| function | rows in file | file best | method |"))  # basic and extended

    def test_placeholders_take_values_from_records(self):
        template = ("{{best:bowl5:grad|.2f}} {{median:bumps4:grad}} {{fileBest:bowl5}} {{rows:branin2}} "
                    "{{best:bowl5:coms:0:32|.1f}}\n{{table:basic}}\n{{table:extended}}")
        page = ph.render(fixture(), template)
        self.assertIn("\n0.08 0.9279 -7.3785 139 -8.0\n", page)

    def test_template_errors_are_one_line_with_the_fix(self):
        recs = fixture()
        cases = [("{{best:bowl5:roma}}{{table:basic}}{{table:extended}}",
                  "template placeholder {{best:bowl5:roma}} names no recorded run; run it or change the placeholder"),
                 ("{{mean:bowl5}}", "unknown template placeholder {{mean:bowl5}}; use table:SUITE, summary:SUITE|all, "
                                    "best:F:M[:SEED:K], median:F:M[:SEED:K], fileBest:F or rows:F"),
                 ("{{table:basic}}", "records of suite(s) extended appear in no table; add {{table:extended}} to the "
                                     "template"),
                 ("{{table:hard}}", "template placeholder {{table:hard}}: no suite hard; use one of basic, extended, "
                                    "sequence, other, all")]
        for template, message in cases:
            with self.assertRaises(ph.RecordsError) as e:
                ph.render(recs, template)
            self.assertEqual(message, str(e.exception))
        seed1 = dict(recs[0], seed=1)
        with self.assertRaises(ph.RecordsError) as e:
            ph.render(recs + [seed1], "{{best:bowl5:grad}}")
        self.assertEqual("template placeholder {{best:bowl5:grad}} matches 2 runs; name seed and k: "
                         "{{best:bowl5:grad:SEED:K}}", str(e.exception))

    def test_file_best_agreeing_to_the_shown_precision_is_one_file(self):
        recs = fixture()
        bowl = [r for r in recs if r["function"] == "bowl5"]
        # a run recorded at full precision beside a row converted from the old table (rounded to 4 decimals)
        precise = dict(bowl[0], method="ddom", fileBest=bowl[0]["fileBest"] + 3e-5)
        page = ph.render(recs + [precise], "{{fileBest:bowl5|.4f}}\n{{table:basic}}\n{{table:extended}}")
        self.assertTrue(page.startswith("%.4f\n" % bowl[0]["fileBest"]) or ("\n%.4f\n" % bowl[0]["fileBest"]) in page)
        other = dict(bowl[0], method="ddom", fileBest=bowl[0]["fileBest"] + 0.01)
        with self.assertRaises(ph.RecordsError) as e:
            ph.render(recs + [other], "{{fileBest:bowl5|.4f}}")
        self.assertIn("the runs of bowl5 had different files", str(e.exception))

    def test_several_seeds_get_seed_and_k_columns(self):
        recs = fixture()
        page = ph.render(recs + [dict(recs[0], seed=1, best=0.5)], "{{table:basic}}{{table:extended}}")
        self.assertIn("| bowl5 | 560 | -7.3785 | grad | 1 | 32 | 0.5000 | -0.2150 | beats the file |", page)

    def test_committed_page_is_what_render_makes(self):
        """notebooks/results/propose-hidden/README.md is generated: a hand edit or a stale page fails here."""
        with open(os.path.join(RESULTS, "template.md")) as fh:
            template = fh.read()
        with open(os.path.join(RESULTS, "README.md")) as fh:
            committed = fh.read()
        self.assertEqual(ph.render(ph.load_records(os.path.join(RESULTS, "results.json")), template), committed,
                         "README.md differs from its records: run python3 benchmarks/propose_hidden.py --render")


class RecordsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        shutil.copy(FIXTURE, os.path.join(self.dir, "results.json"))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_merge_replaces_same_key_and_keeps_others(self):
        rerun = dict(fixture()[1], best=-7.0, median=-7.5, verdict="beats the file", build="commit=b src=c",
                     finishedAt="2026-12-03T08:00:00Z")
        rerun.pop("source")
        new_seed = dict(fixture()[0], seed=3)
        records = ph.add_records(self.dir, [rerun, new_seed])
        with open(os.path.join(self.dir, "results.json")) as fh:
            on_disk = json.load(fh)
        self.assertEqual(records, on_disk)
        self.assertEqual(5, len(on_disk))
        by_key = {ph.key(r): r for r in on_disk}
        self.assertEqual(rerun, by_key[("bowl5", "coms", 0, 32)])
        for r in fixture():
            if ph.key(r) != ("bowl5", "coms", 0, 32):
                self.assertEqual(r, by_key[ph.key(r)])
        self.assertEqual(new_seed, by_key[("bowl5", "grad", 3, 32)])
        # sorted: suites' function order, then METHODS' order, then seed
        self.assertEqual([("bowl5", "grad", 0), ("bowl5", "grad", 3), ("bowl5", "coms", 0), ("bumps4", "grad", 0),
                          ("branin2", "grad", 0)], [(r["function"], r["method"], r["seed"]) for r in on_disk])
        self.assertEqual(["results.json"], os.listdir(self.dir))  # no temporary file left

    def test_keep_existing_leaves_recorded_keys(self):
        converted = dict(fixture()[0], best=99.0, build=None)
        records = ph.add_records(self.dir, [converted], keep_existing=True)
        self.assertEqual(fixture()[0], {ph.key(r): r for r in records}[("bowl5", "grad", 0, 32)])

    def test_failed_write_leaves_the_old_file_whole(self):
        path = os.path.join(self.dir, "results.json")
        with open(path) as fh:
            before = fh.read()
        with mock.patch.object(ph.os, "replace", side_effect=OSError("disk full")):
            with self.assertRaises(OSError):
                ph.add_records(self.dir, [dict(fixture()[0], best=1.0)])
        with open(path) as fh:
            self.assertEqual(before, fh.read())
        self.assertEqual(["results.json"], os.listdir(self.dir))

    def test_bad_json_is_a_one_line_error(self):
        path = os.path.join(self.dir, "results.json")
        with open(path, "w") as fh:
            fh.write('[{"function": ')
        with self.assertRaises(ph.RecordsError) as e:
            ph.load_records(path)
        self.assertTrue(str(e.exception).startswith(path + " cannot be read as JSON ("), str(e.exception))
        self.assertTrue(str(e.exception).endswith("restore it with git checkout or move it away"))
        with open(path, "w") as fh:
            json.dump([{"function": "bowl5"}], fh)
        with self.assertRaises(ph.RecordsError) as e:
            ph.load_records(path)
        self.assertEqual(f"{path}: record 0 lacks dims, method, seed, k, rows, minimise, fileBest, best, median, "
                         "verdict, seconds, finishedAt, command, build; fix or delete that record", str(e.exception))

    def test_resume_skips_only_error_free_runs_of_the_same_build(self):
        recs = fixture()
        self.assertEqual([("bumps4", "grad", 0, 32)], list(ph.done_runs(recs, "commit=abc1234567 src=def456789012")))
        self.assertEqual({}, ph.done_runs(recs, None))  # converted rows (build null) are never skipped
        self.assertEqual({}, ph.done_runs(recs, "commit=other src=def456789012"))

    def test_render_command_writes_readme_from_records_and_template(self):
        with open(os.path.join(self.dir, "template.md"), "w") as fh:
            fh.write("# t\n\n{{summary:all}}\n\n{{table:basic}}\n\n{{table:extended}}\n")
        self.assertEqual(0, ph.main(["--render", "--results", self.dir]))
        with open(os.path.join(self.dir, "README.md")) as fh:
            page = fh.read()
        self.assertTrue(page.startswith("<!-- Generated by `python3 benchmarks/propose_hidden.py --render`"))
        self.assertIn("# t\n\n**2 of 4 runs beat the file.**", page)


class ImportTest(unittest.TestCase):
    TABLE = ("text\n\n| function | rows in file | file best | method | best of k (true) | median of k (true) | verdict "
             "| seconds |\n|---|---|---|---|---|---|---|---|\n"
             "| bowl5 | 560 | -7.3785 | grad | 0.0776 | -0.2150 | beats the file | 42 |\n"
             "| branin2 | 139 | 19.6981 | coms | 21.5000 | 30.0000 | **does not beat** | 7 |\n\nmore text\n"
             "| a | b |\n")

    def test_rows_become_records_without_a_build(self):
        recs = ph.parse_markdown(self.TABLE, 0, 32, "converted from x")
        self.assertEqual([{"function": "bowl5", "dims": 5, "method": "grad", "seed": 0, "k": 32, "rows": 560,
                           "minimise": False, "fileBest": -7.3785, "best": 0.0776, "median": -0.215,
                           "verdict": "beats the file", "seconds": 42.0, "finishedAt": None, "command": None,
                           "build": None, "source": "converted from x"},
                          {"function": "branin2", "dims": 2, "method": "coms", "seed": 0, "k": 32, "rows": 139,
                           "minimise": True, "fileBest": 19.6981, "best": 21.5, "median": 30.0,
                           "verdict": "does not beat", "seconds": 7.0, "finishedAt": None, "command": None,
                           "build": None, "source": "converted from x"}], recs)

    def test_a_verdict_against_its_numbers_is_refused(self):
        bad = self.TABLE.replace("| 21.5000 | 30.0000 | **does not beat** |", "| 21.5000 | 30.0000 | beats the file |")
        with self.assertRaises(ph.RecordsError) as e:
            ph.parse_markdown(bad, 0, 32, "x")
        self.assertEqual("line 6 (| branin2 | 139 | 19.6981 | coms | 21.5000 | 30.0000 | beats the file | 7 |): the "
                         "verdict says 'beats the file' but best 21.5 against file best 19.6981 says 'does not beat'; "
                         "fix the row", str(e.exception))


if __name__ == "__main__":
    unittest.main(verbosity=1)
