package org.mbo4j.task.designbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.Npy;
import org.mbo4j.data.Percentiles;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.task.Objective;
import org.mbo4j.task.Oracle;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.TaskProvider;

/**
 * Design-Bench tasks (Trabucco, Geng, Kumar, Levine, "Design-Bench: Benchmarks for Data-Driven Offline
 * Model-Based Optimization", ICML 2022), reproduced from {@code design_bench} 2.0.20:
 * <ul>
 *   <li>{@code TFBind8} = {@code TFBind8-Exact-v0}: all 65,792 rows (every 8-mer and its reverse complement) of
 *   the SIX6_REF_R1 shard; visible = rows with {@code y ≤ np.percentile(y, 50)} (linear interpolation,
 *   inclusive: 32,898 rows, shard order); exact lookup oracle (last row wins on duplicate keys); a,c,g,t = 0..3;
 *   y already min-max normalised to [0, 1].</li>
 *   <li>{@code ToyDiscrete} = {@code ToyDiscrete-Exact-v0}: all 4^8 vectors in {@code itertools.product} order,
 *   y = −Σ x_i², visible = y ≤ 40th percentile.</li>
 *   <li>{@code ToyContinuous} = {@code ToyContinuous-Exact-v0}: x = (z + U(0,1)^8)/4 for every z ∈ {0..3}^8,
 *   y = −Σ (x_i − 0.5)², visible = y ≤ 40th percentile. Design-Bench draws the jitter unseeded; we fix seed 0.</li>
 * </ul>
 */
public final class DesignBenchTasks implements TaskProvider {
    static final String TFBIND8_X = "tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy";
    static final String TFBIND8_Y = "tf_bind_8-SIX6_REF_R1/tf_bind_8-y-0.npy";
    private static final String CITATION = "Trabucco et al., Design-Bench, ICML 2022";

    @Override
    public List<Entry> tasks() {
        return List.of(
                Entry.of(
                        new TaskInfo(
                                "TFBind8",
                                "design-bench",
                                "sequence of 8 over acgt",
                                8,
                                1,
                                "32898 of 65792",
                                "exact lookup",
                                CITATION + " (TFBind8-Exact-v0)"),
                        () -> load(true),
                        "TFBind8-Exact-v0"),
                Entry.of(
                        new TaskInfo(
                                "ToyDiscrete",
                                "design-bench",
                                "sequence of 8 over 0123",
                                8,
                                1,
                                "27740 of 65536",
                                "closed form",
                                CITATION + " (ToyDiscrete-Exact-v0)"),
                        DesignBenchTasks::toyDiscrete,
                        "ToyDiscrete-Exact-v0"),
                Entry.of(
                        new TaskInfo(
                                "ToyContinuous",
                                "design-bench",
                                "box [0, 1]^8",
                                8,
                                1,
                                "26215 of 65536",
                                "closed form",
                                CITATION + " (ToyContinuous-Exact-v0)"),
                        DesignBenchTasks::toyContinuous,
                        "ToyContinuous-Exact-v0"));
    }

    /**
     * TFBind8-Exact-v0 from the located shards; downloads them when {@code download} and absent. A path to the full
     * task data: fails while a method proposes ({@link OfflineGuard}).
     */
    public static Task tfBind8(boolean download) {
        OfflineGuard.check("DesignBenchTasks.tfBind8(" + download + ")");
        return load(download);
    }

    private static Task load(boolean download) {
        Path xf = DataLocator.locate(TFBIND8_X, download);
        Path yf = DataLocator.locate(TFBIND8_Y, download);
        double[][] x;
        double[][] y;
        try {
            x = Npy.read(xf);
            y = Npy.read(yf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (x.length != y.length || x.length == 0 || x[0].length != 8 || y[0].length != 1) {
            throw new IllegalStateException("TFBind8 shards have unexpected shapes: x " + x.length + "×"
                    + (x.length == 0 ? 0 : x[0].length) + ", y " + y.length + "; expected N×8 and N×1");
        }
        SequenceSpace space = SequenceSpace.of(8, SequenceSpace.DNA);
        Map<Integer, Double> lookup = new HashMap<>();
        for (int i = 0; i < x.length; i++) lookup.put(key(x[i]), y[i][0]);
        double[] ys = column(y);
        String card = "Visible: y ≤ np.percentile(y, 50) (linear, inclusive) over all " + x.length
                + " rows of Design-Bench's tf_bind_8-SIX6_REF_R1 shard; oracle: exact lookup of all 4^8 8-mers.";
        return designBench(
                "TFBind8",
                space,
                x,
                ys,
                50,
                card,
                designs -> {
                    double[][] out = new double[designs.length][1];
                    for (int i = 0; i < designs.length; i++) out[i][0] = lookup.get(key(designs[i]));
                    return out;
                },
                "exact lookup");
    }

    static Task toyDiscrete() {
        SequenceSpace space = SequenceSpace.of(8, List.of("0", "1", "2", "3"));
        double[][] x = allProducts(8, 4);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = toyDiscreteValue(x[i]);
        return designBench(
                "ToyDiscrete",
                space,
                x,
                y,
                40,
                "Visible: y ≤ 40th percentile of all 4^8 vectors; " + "y = −Σ x_i².",
                designs -> map(designs, DesignBenchTasks::toyDiscreteValue),
                "closed form");
    }

    static Task toyContinuous() {
        ContinuousSpace space = ContinuousSpace.cube(8, 0, 1);
        double[][] z = allProducts(8, 4);
        Random rng = new Random(0);
        double[][] x = new double[z.length][8];
        double[] y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < 8; j++) x[i][j] = (z[i][j] + rng.nextDouble()) / 4.0;
            y[i] = toyContinuousValue(x[i]);
        }
        return designBench(
                "ToyContinuous",
                space,
                x,
                y,
                40,
                "x = (z + U(0,1)^8)/4 for every z in {0..3}^8 "
                        + "(jitter seed 0); visible: y ≤ 40th percentile; y = −Σ (x_i − 0.5)².",
                designs -> map(designs, DesignBenchTasks::toyContinuousValue),
                "closed form");
    }

    private static Task designBench(
            String name,
            DesignSpace space,
            double[][] x,
            double[] y,
            double maxPercentile,
            String card,
            Oracle oracle,
            String oracleKind) {
        double threshold = Percentiles.linear(y, maxPercentile);
        List<double[]> vx = new ArrayList<>();
        List<double[]> vy = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            min = Math.min(min, y[i]);
            max = Math.max(max, y[i]);
            if (y[i] <= threshold) {
                vx.add(x[i]);
                vy.add(new double[] {y[i]});
            }
        }
        Dataset visible = Dataset.of(space, vx.toArray(double[][]::new), vy.toArray(double[][]::new), List.of("y"));
        return Task.builder(name)
                .family("design-bench")
                .citation(CITATION)
                .protocol(card)
                .oracleKind(oracleKind)
                .objectives(Objective.maximize("y"))
                .dataset(visible)
                .oracle(oracle)
                .fullData(new double[] {min}, new double[] {max}, x.length)
                .build();
    }

    static double toyDiscreteValue(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return -s;
    }

    static double toyContinuousValue(double[] x) {
        double s = 0;
        for (double v : x) s += (v - 0.5) * (v - 0.5);
        return -s;
    }

    private static double[][] map(double[][] designs, ToDoubleFunction<double[]> f) {
        double[][] out = new double[designs.length][1];
        for (int i = 0; i < designs.length; i++) out[i][0] = f.applyAsDouble(designs[i]);
        return out;
    }

    /** All vectors of {@code {0..k-1}^length} in {@code itertools.product} order. */
    static double[][] allProducts(int length, int k) {
        int n = (int) Math.pow(k, length);
        double[][] out = new double[n][length];
        for (int i = 0; i < n; i++) {
            int r = i;
            for (int j = length - 1; j >= 0; j--) {
                out[i][j] = r % k;
                r /= k;
            }
        }
        return out;
    }

    private static int key(double[] seq) {
        int k = 0;
        for (double v : seq) k = k * 4 + (int) v;
        return k;
    }

    private static double[] column(double[][] a) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = a[i][0];
        return c;
    }
}
