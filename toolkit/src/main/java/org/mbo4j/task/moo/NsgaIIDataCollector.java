package org.mbo4j.task.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.moo.Pareto;

/**
 * Our stand-in for Off-MOO-Bench's data collection ({@code data_generation/collect_data.py}): repeated short NSGA-II
 * runs (Deb, Pratap, Agarwal, Meyarivan, IEEE TEVC 2002) with a deliberately perturbed survival, recording the
 * whole population every generation, until {@code dataSize} records exist, then {@code dataSize} of them drawn
 * uniformly without replacement. The perturbation ("amateur" rank-and-crowding survival) fills the next
 * population from the <em>worst</em> front upwards with probability {@code amateurP}, so the data span a range of
 * quality instead of hugging the Pareto front.
 *
 * <p>Settings (Off-MOO-Bench's collector on pymoo 0.5.0 defaults): population 100, generations per run and
 * amateur probability per task ({@link MultiObjectiveFunction#collection()}, default 30 and 0.45),
 * binary tournament by dominance then crowding distance, SBX crossover (probability 0.9, η = 15, each variable
 * with probability 0.5, children swapped with probability 0.5), polynomial mutation (η = 20, probability 1/n per
 * variable), 100,000 records. Differences from Off-MOO-Bench: our own random streams
 * (one master seed, each run seeded from it, instead of runs re-seeded with random integers in [0, 100)), no
 * duplicate elimination among offspring, evaluations on raw x (Off-MOO-Bench's NSGA-II searches [0, 1]^n and its
 * {@code SyntheticProblem.f} rescales to the box, {@code off_moo_bench/problem/synthetic_func.py} line 36; SBX and
 * polynomial mutation measure every step relative to the bounds, so they commute with that affine map).
 */
public final class NsgaIIDataCollector {
    private final int populationSize;
    private final int generations;
    private final double amateurP;
    private final double crossoverProb;
    private final double crossoverEta;
    private final double mutationEta;

    private NsgaIIDataCollector(int populationSize, int generations, double amateurP) {
        if (populationSize < 4 || populationSize % 2 != 0) {
            throw new IllegalArgumentException("the population size must be an even number ≥ 4, got " + populationSize);
        }
        if (generations < 1) throw new IllegalArgumentException("generations must be ≥ 1, got " + generations);
        if (!(amateurP >= 0 && amateurP <= 1)) {
            throw new IllegalArgumentException("the amateur survival probability must be in [0, 1], got " + amateurP);
        }
        this.populationSize = populationSize;
        this.generations = generations;
        this.amateurP = amateurP;
        this.crossoverProb = 0.9;
        this.crossoverEta = 15;
        this.mutationEta = 20;
    }

    /**
     * Off-MOO-Bench's default settings ({@link CollectionSettings#OFF_MOO_DEFAULT}, e.g. ZDT1 and DTLZ2): population
     * 100, 30 generations, amateur probability 0.45.
     */
    public static NsgaIIDataCollector offMooBench() {
        return offMooBench(CollectionSettings.OFF_MOO_DEFAULT);
    }

    /** Off-MOO-Bench's collector for {@code f}: population 100 with {@code f}'s generations and p. */
    public static NsgaIIDataCollector offMooBench(MultiObjectiveFunction f) {
        return offMooBench(f.collection());
    }

    /** Population 100 (pymoo's {@code NSGA2} default) with the given generations and p. */
    public static NsgaIIDataCollector offMooBench(CollectionSettings s) {
        return new NsgaIIDataCollector(100, s.generations(), s.perturbation());
    }

    /** Custom settings (population even ≥ 4). */
    public static NsgaIIDataCollector of(int populationSize, int generations, double amateurP) {
        return new NsgaIIDataCollector(populationSize, generations, amateurP);
    }

    /** Generations per run. */
    public int generations() {
        return generations;
    }

    /** The amateur survival probability p. */
    public double amateurP() {
        return amateurP;
    }

    /** The settings in words, e.g. {@code NSGA-II, population 100, 30 generations, amateur p = 0.45}. */
    public String describe() {
        return "NSGA-II, population " + populationSize + ", " + generations + " generations, amateur p = " + amateurP;
    }

    /** Collected designs and their objective values. */
    public record Collected(double[][] x, double[][] y) {}

    /** Runs until {@code dataSize} records exist and returns {@code dataSize} of them, drawn uniformly. */
    public Collected collect(MultiObjectiveFunction f, int dataSize, long seed) {
        if (dataSize < 1) throw new IllegalArgumentException("the data size must be ≥ 1, got " + dataSize);
        SplittableRandom master = new SplittableRandom(seed);
        List<double[]> xs = new ArrayList<>(dataSize + populationSize * generations);
        List<double[]> ys = new ArrayList<>(dataSize + populationSize * generations);
        while (xs.size() < dataSize) run(f, master.split(), xs, ys);
        // draw dataSize records uniformly without replacement (partial Fisher–Yates), kept in draw order
        int total = xs.size();
        int[] idx = new int[total];
        for (int i = 0; i < total; i++) idx[i] = i;
        double[][] x = new double[dataSize][];
        double[][] y = new double[dataSize][];
        for (int i = 0; i < dataSize; i++) {
            int j = i + master.nextInt(total - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            x[i] = xs.get(idx[i]);
            y[i] = ys.get(idx[i]);
        }
        return new Collected(x, y);
    }

    private void run(MultiObjectiveFunction f, SplittableRandom rng, List<double[]> xs, List<double[]> ys) {
        ContinuousSpace box = f.domain();
        int n = populationSize;
        double[][] px = new double[n][];
        double[][] py = new double[n][];
        for (int i = 0; i < n; i++) {
            px[i] = new double[box.dims()];
            for (int j = 0; j < px[i].length; j++) {
                px[i][j] = box.lower(j) + rng.nextDouble() * (box.upper(j) - box.lower(j));
            }
            py[i] = f.evaluate(px[i]);
        }
        Survivors pop = survive(px, py, n, rng);
        record(pop, xs, ys);
        for (int gen = 1; gen < generations; gen++) {
            double[][] cx = new double[2 * n][];
            double[][] cy = new double[2 * n][];
            for (int i = 0; i < n; i++) {
                cx[i] = pop.x[i];
                cy[i] = pop.y[i];
            }
            for (int k = 0; k < n; k += 2) {
                double[] a = pop.x[tournament(pop, rng)].clone();
                double[] b = pop.x[tournament(pop, rng)].clone();
                if (rng.nextDouble() < crossoverProb) sbx(a, b, box, rng);
                mutate(a, box, rng);
                mutate(b, box, rng);
                cx[n + k] = a;
                cx[n + k + 1] = b;
                cy[n + k] = f.evaluate(a);
                cy[n + k + 1] = f.evaluate(b);
            }
            pop = survive(cx, cy, n, rng);
            record(pop, xs, ys);
        }
    }

    private static void record(Survivors pop, List<double[]> xs, List<double[]> ys) {
        for (int i = 0; i < pop.x.length; i++) {
            xs.add(pop.x[i]);
            ys.add(pop.y[i]);
        }
    }

    /** A population with its front ranks and crowding distances (for the tournament). */
    private record Survivors(double[][] x, double[][] y, int[] rank, double[] crowding) {}

    private Survivors survive(double[][] x, double[][] raw, int n, SplittableRandom rng) {
        double[][] y = sortable(raw);
        List<int[]> fronts = Pareto.fronts(y);
        boolean amateur = rng.nextDouble() < amateurP;
        double[][] sx = new double[n][];
        double[][] sy = new double[n][];
        int[] rank = new int[n];
        double[] crowd = new double[n];
        int c = 0;
        for (int k = 0; k < fronts.size() && c < n; k++) {
            int r = amateur ? fronts.size() - 1 - k : k;
            int[] front = fronts.get(r);
            double[][] fy = new double[front.length][];
            for (int i = 0; i < front.length; i++) fy[i] = y[front[i]];
            double[] cd = Pareto.crowdingDistance(fy);
            Integer[] order = new Integer[front.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(cd[b], cd[a]));
            for (int i = 0; i < front.length && c < n; i++, c++) {
                int p = front[order[i]];
                sx[c] = x[p];
                sy[c] = y[p];
                rank[c] = r;
                crowd[c] = cd[order[i]];
            }
        }
        return new Survivors(sx, sy, rank, crowd);
    }

    /**
     * The objective rows with NaN replaced by +∞, so a design whose objectives are undefined (e.g. RE22 at x2 = x3 = 0,
     * reachable because the variation operators clip to the bounds) is sorted as if those values were +∞ instead of
     * stopping the sort, and recorded with +∞ there; {@link OffMooBenchTasks} drops rows with non-finite values, as
     * Off-MOO-Bench does.
     */
    private static double[][] sortable(double[][] y) {
        double[][] out = y;
        for (int i = 0; i < y.length; i++) {
            for (double v : y[i]) {
                if (Double.isNaN(v)) {
                    if (out == y) out = y.clone();
                    out[i] = y[i].clone();
                    for (int j = 0; j < out[i].length; j++)
                        if (Double.isNaN(out[i][j])) out[i][j] = Double.POSITIVE_INFINITY;
                    break;
                }
            }
        }
        return out;
    }

    /** Binary tournament: dominance first, then larger crowding distance, then a coin flip. */
    private static int tournament(Survivors pop, SplittableRandom rng) {
        int n = pop.x.length;
        int a = rng.nextInt(n);
        int b = rng.nextInt(n - 1);
        if (b >= a) b++;
        if (Pareto.dominates(pop.y[a], pop.y[b])) return a;
        if (Pareto.dominates(pop.y[b], pop.y[a])) return b;
        if (pop.crowding[a] > pop.crowding[b]) return a;
        if (pop.crowding[b] > pop.crowding[a]) return b;
        return rng.nextBoolean() ? a : b;
    }

    /** Bounded simulated binary crossover (Deb &amp; Agrawal 1995) in place, pymoo's variant. */
    private void sbx(double[] a, double[] b, ContinuousSpace box, SplittableRandom rng) {
        for (int j = 0; j < a.length; j++) {
            if (rng.nextDouble() >= 0.5 || Math.abs(a[j] - b[j]) <= 1e-14) continue;
            double y1 = Math.min(a[j], b[j]);
            double y2 = Math.max(a[j], b[j]);
            double lo = box.lower(j);
            double hi = box.upper(j);
            double u = rng.nextDouble();
            double c1 = 0.5 * (y1 + y2 - betaq(1 + 2 * (y1 - lo) / (y2 - y1), u) * (y2 - y1));
            double c2 = 0.5 * (y1 + y2 + betaq(1 + 2 * (hi - y2) / (y2 - y1), u) * (y2 - y1));
            c1 = Math.min(hi, Math.max(lo, c1));
            c2 = Math.min(hi, Math.max(lo, c2));
            if (rng.nextDouble() < 0.5) {
                a[j] = c2;
                b[j] = c1;
            } else {
                a[j] = c1;
                b[j] = c2;
            }
        }
    }

    private double betaq(double beta, double u) {
        double alpha = 2 - Math.pow(beta, -(crossoverEta + 1));
        if (u <= 1 / alpha) return Math.pow(u * alpha, 1 / (crossoverEta + 1));
        return Math.pow(1 / (2 - u * alpha), 1 / (crossoverEta + 1));
    }

    /** Bounded polynomial mutation (Deb &amp; Goyal 1996), each variable with probability 1/n. */
    private void mutate(double[] x, ContinuousSpace box, SplittableRandom rng) {
        double p = 1.0 / x.length;
        double pow = 1 / (mutationEta + 1);
        for (int j = 0; j < x.length; j++) {
            if (rng.nextDouble() >= p) continue;
            double lo = box.lower(j);
            double hi = box.upper(j);
            double d1 = (x[j] - lo) / (hi - lo);
            double d2 = (hi - x[j]) / (hi - lo);
            double r = rng.nextDouble();
            double dq;
            if (r <= 0.5) {
                double v = 2 * r + (1 - 2 * r) * Math.pow(1 - d1, mutationEta + 1);
                dq = Math.pow(v, pow) - 1;
            } else {
                double v = 2 * (1 - r) + 2 * (r - 0.5) * Math.pow(1 - d2, mutationEta + 1);
                dq = 1 - Math.pow(v, pow);
            }
            x[j] = Math.min(hi, Math.max(lo, x[j] + dq * (hi - lo)));
        }
    }
}
