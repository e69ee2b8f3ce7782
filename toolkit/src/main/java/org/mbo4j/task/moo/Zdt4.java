package org.mbo4j.task.moo;

import java.util.Arrays;
import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * ZDT4 (Zitzler, Deb, Thiele, Evolutionary Computation 2000), 10-d with x1 ∈ [0, 1] and x2..x10 ∈ [−5, 5]: f1 = x1, g =
 * 1 + 10(n − 1) + Σ_{i≥2}(x_i² − 10·cos(4π·x_i)), f2 = g(1 − sqrt(f1/g)); g is a Rastrigin sum, hence many local
 * fronts. As Off-MOO-Bench's {@code ZDT4} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/synthetic_func.py} lines 400–429) and pymoo's {@code ZDT4}: n = 10 (line 401), bounds
 * lines 402–405, nadir [0.99980978, 273.25533168] (line 413), ideal [0, 1.58235196] (line 414). Data collection: 600
 * generations per run ({@code data_generation/collect_data.py} line 74), p = 0.25 (line 129).
 */
public final class Zdt4 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN;

    static {
        double[] lo = new double[10];
        double[] hi = new double[10];
        Arrays.fill(lo, -5);
        Arrays.fill(hi, 5);
        lo[0] = 0;
        hi[0] = 1;
        DOMAIN = ContinuousSpace.box(lo, hi);
    }

    @Override
    public String name() {
        return "ZDT4";
    }

    @Override
    public ContinuousSpace domain() {
        return DOMAIN;
    }

    @Override
    public int objectives() {
        return 2;
    }

    @Override
    public double[] evaluate(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".evaluate(x)");
        double g = 1.0 + 10 * (x.length - 1);
        for (int i = 1; i < x.length; i++) g += x[i] * x[i] - 10.0 * Math.cos(4.0 * Math.PI * x[i]);
        return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
    }

    /** pymoo zdt.py lines 85–87: as ZDT1, f1 = linspace(0, 1, 100), f2 = 1 − sqrt(f1). */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.curve(0, 1, 100, x -> 1 - Math.sqrt(x)));
    }

    @Override
    public double[] nadir() {
        return new double[] {0.99980978, 273.25533168};
    }

    @Override
    public double[] ideal() {
        return new double[] {0, 1.58235196};
    }

    @Override
    public CollectionSettings collection() {
        return new CollectionSettings(600, 0.25);
    }
}
