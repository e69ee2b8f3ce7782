package org.mbo4j.nn;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Match-OPT's surrogate loss (Hoang et al., ICML 2024; {@code azzafadhel/MatchOpt} at aae3f57,
 * {@code gm_surrogate_traj_sampling.py} 29–43 and 88–92): a gradient-matching term plus the mean squared error,
 * weight 1 each. The batch's rows are sorted by y (ascending, stable) and paired consecutively, (u, v) with
 * y_v ≥ y_u; for each of the B − 1 pairs the path integral of the model's gradient along the segment is a left
 * Riemann sum over {@code points} nodes, pred_uv = Σₖ (1/m) ∇ₓf̂(x_u + (k/m)(x_v − x_u))·(x_v − x_u) for
 * k = 0 … m − 1 (t = 1 is never used), and
 *
 * <pre>L = mean_pairs (pred_uv − (y_v − y_u))² + mean_rows (f̂(x) − y)².</pre>
 *
 * <p>The weight gradient of the first term differentiates an input gradient; with piecewise-linear hidden units it
 * is exact through {@link Mlp#addTangentWeightGradients} (the authors take per-row input gradients as the diagonal
 * of a full batch Jacobian with {@code create_graph=True}, the same numbers at O(B²) memory). The epoch metrics are
 * the two terms ({@code gm}, {@code mse}), each the mean over the epoch's batches. Single output; not thread-safe.
 */
public final class GradientMatchingLoss implements TrainingLoss<Mlp> {
    private final int points;
    private double gmSum;
    private double mseSum;
    private long batches;

    /** @param points Riemann nodes per pair (Match-OPT: m = 5, {@code loss_fn}'s default, line 35) */
    public GradientMatchingLoss(int points) {
        if (points < 1) throw new IllegalArgumentException("the path integral needs ≥ 1 point, got " + points);
        this.points = points;
    }

    /** The two terms of a batch: {gradient matching, mean squared error}. */
    public double[] terms(Mlp model, INDArray x, INDArray y) {
        return run(model, x, y, false);
    }

    @Override
    public double lossAndGradients(Mlp model, Batch batch) {
        double[] t = run(model, batch.x(), batch.y(), true);
        gmSum += t[0];
        mseSum += t[1];
        batches++;
        return t[0] + t[1];
    }

    @Override
    public double loss(Mlp model, Batch batch) {
        double[] t = run(model, batch.x(), batch.y(), false);
        return t[0] + t[1];
    }

    @Override
    public Map<String, Double> epochMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("gm", batches == 0 ? Double.NaN : gmSum / batches);
        m.put("mse", batches == 0 ? Double.NaN : mseSum / batches);
        gmSum = 0;
        mseSum = 0;
        batches = 0;
        return m;
    }

    private double[] run(Mlp model, INDArray xb, INDArray yb, boolean grads) {
        if (model.outputSize() != 1) throw new IllegalArgumentException("gradient matching needs a single output");
        int b = (int) xb.rows(), d = (int) xb.columns();
        if (b < 2) throw new IllegalArgumentException("gradient matching pairs rows: a batch needs ≥ 2, got " + b);
        double[] x = Tensors.columnMajor(xb);
        double[] y = Tensors.column(yb, 0);
        int[] order = IntStream.range(0, b)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> y[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        int pairs = b - 1, rows = pairs * points;
        double[] z = new double[rows * d]; // row k·pairs + p: x_u + t_k (x_v − x_u), column-major
        double[] dx = new double[pairs * d];
        double[] dy = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            int u = order[p], v = order[p + 1];
            dy[p] = y[v] - y[u];
            for (int j = 0; j < d; j++) dx[j * pairs + p] = x[j * b + v] - x[j * b + u];
        }
        for (int k = 0; k < points; k++) {
            double t = (double) k / points;
            for (int p = 0; p < pairs; p++) {
                int u = order[p], v = order[p + 1], r = k * pairs + p;
                for (int j = 0; j < d; j++) z[j * rows + r] = x[j * b + u] * (1 - t) + x[j * b + v] * t;
            }
        }
        INDArray zs = Nd4j.create(model.dataType(), new long[] {rows, d}, 'f');
        Tensors.assignColumnMajor(zs, z);
        model.forward(zs);
        INDArray ones = model.outputGradientBuffer().assign(1);
        double[] g = Tensors.columnMajor(model.backward(ones, false, true)); // rows × d: ∇ₓf̂ at every node
        double[] pred = new double[pairs];
        for (int k = 0; k < points; k++) {
            for (int p = 0; p < pairs; p++) {
                int r = k * pairs + p;
                double s = 0;
                for (int j = 0; j < d; j++) s += g[j * rows + r] * dx[j * pairs + p];
                pred[p] += s / points;
            }
        }
        double gm = 0;
        for (int p = 0; p < pairs; p++) gm += (pred[p] - dy[p]) * (pred[p] - dy[p]);
        gm /= pairs;
        if (grads) {
            // ∂gm/∂θ = Σₚ cₚ Σₖ (1/m) ∂/∂θ[∇f̂(zₚₖ)·Δxₚ], cₚ = 2(predₚ − Δyₚ)/P: directions cₚΔxₚ/m at node (k, p)
            double[] dirs = new double[rows * d];
            for (int k = 0; k < points; k++) {
                for (int p = 0; p < pairs; p++) {
                    double c = 2 * (pred[p] - dy[p]) / pairs / points;
                    int r = k * pairs + p;
                    for (int j = 0; j < d; j++) dirs[j * rows + r] = c * dx[j * pairs + p];
                }
            }
            INDArray v = Nd4j.create(model.dataType(), new long[] {rows, d}, 'f');
            Tensors.assignColumnMajor(v, dirs);
            model.addTangentWeightGradients(v);
        }
        double[] f = Tensors.column(model.forward(xb), 0);
        double mse = 0;
        double[] df = new double[b];
        for (int i = 0; i < b; i++) {
            double e = f[i] - y[i];
            mse += e * e;
            df[i] = 2 * e / b;
        }
        mse /= b;
        if (grads) {
            INDArray out = model.outputGradientBuffer();
            Tensors.assignColumnMajor(out, df);
            model.backward(out, true, false);
        }
        return new double[] {gm, mse};
    }
}
