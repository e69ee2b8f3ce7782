package org.mbo4j.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conditional flow matching with the independent coupling and σ = 0 (Lipman et al. 2023; Tong et al.'s "ICFM"),
 * as ParetoFlow trains it ({@code StevenYuan666/ParetoFlow} {@code experiments/paretoflow_nets.py} 81–140 at 2278ffd):
 * for a data row x₁, draw x₀ ~ N(0, I) and t ~ U(0, 1), set xₜ = (1 − t)·x₀ + t·x₁ and regress the
 * {@link VectorField} on the target u = x₁ − x₀; the loss is the mean over dimensions of (v(xₜ, t) − u)², then the
 * mean over the batch. Samples come from integrating dx/dt = v(x, t) from t = 0 to 1 ({@link #integrate}).
 *
 * <p>Reusable by any flow or diffusion method: train with {@link #fit} through the shared {@link Trainer} (its
 * validation split, early stopping and checkpoints apply), then integrate or step the field yourself.
 */
public final class FlowMatching {
    private FlowMatching() {}

    /**
     * The ICFM loss of data rows x₁ with given noise x₀ (B × D) and times t (B × 1); adds its gradients to the
     * field's parameters when {@code grads}.
     */
    public static double loss(VectorField field, INDArray x1, INDArray x0, INDArray t, boolean grads) {
        double[][] tr = Tensors.rows(t);
        double[] times = new double[tr.length];
        for (int i = 0; i < times.length; i++) times[i] = tr[i][0];
        return loss(field, Tensors.rows(x1), Tensors.rows(x0), times, grads);
    }

    /** {@link #loss(VectorField, INDArray, INDArray, INDArray, boolean)} on Java rows (a Java loop around the MLP). */
    public static double loss(VectorField field, double[][] x1, double[][] x0, double[] t, boolean grads) {
        int b = x1.length;
        int d = field.dims();
        double[][] xt = new double[b][d];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < d; j++) xt[i][j] = (1 - t[i]) * x0[i][j] + t[i] * x1[i][j];
        }
        double[][] v = Tensors.rows(field.forward(xt, t));
        double n = (double) b * d;
        double loss = 0;
        double[][] g = grads ? new double[b][d] : null;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < d; j++) {
                double r = v[i][j] - (x1[i][j] - x0[i][j]);
                loss += r * r;
                if (grads) g[i][j] = 2 * r / n;
            }
        }
        if (grads) field.backward(Tensors.matrix(g, field.dataType()));
        return loss / n;
    }

    /**
     * The training loss for {@link Trainer#fit}, with x = the data rows and y = {@link #validationNoise}: a training
     * batch draws fresh x₀ and t from a stream determined by ({@code seed}, epoch, batch index), so it needs no
     * state to checkpoint; a validation batch uses the fixed noise in its y rows, so the validation loss of
     * different epochs compares the field on the same draws.
     */
    public static TrainingLoss<VectorField> icfm(long seed) {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(VectorField field, Batch batch) {
                SplittableRandom rng = new SplittableRandom(mix(seed, batch.epoch(), batch.index()));
                int b = batch.size();
                int d = field.dims();
                double[][] x0 = new double[b][d];
                double[] t = new double[b];
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < d; j++) x0[i][j] = rng.nextGaussian();
                    t[i] = rng.nextDouble();
                }
                return FlowMatching.loss(field, Tensors.rows(batch.x()), x0, t, true);
            }

            @Override
            public double loss(VectorField field, Batch batch) {
                int d = field.dims();
                INDArray y = batch.y();
                if (y.columns() != d + 1) {
                    throw new IllegalArgumentException("the flow-matching targets must be validationNoise rows (x₀ "
                            + "and t, " + (d + 1) + " columns), got " + y.columns() + " columns");
                }
                double[][] noise = Tensors.rows(y);
                double[][] x0 = new double[noise.length][];
                double[] t = new double[noise.length];
                for (int i = 0; i < noise.length; i++) {
                    x0[i] = Arrays.copyOf(noise[i], d);
                    t[i] = noise[i][d];
                }
                return FlowMatching.loss(field, Tensors.rows(batch.x()), x0, t, false);
            }
        };
    }

    /** n rows of fixed noise [x₀ ~ N(0, I_D) | t ~ U(0, 1)] for {@link #icfm}'s validation batches. */
    public static INDArray validationNoise(int n, int dims, long seed, DataType type) {
        SplittableRandom rng = new SplittableRandom(mix(seed, -1, -1));
        double[][] y = new double[n][dims + 1];
        for (double[] row : y) {
            for (int j = 0; j < dims; j++) row[j] = rng.nextGaussian();
            row[dims] = rng.nextDouble();
        }
        return Tensors.matrix(y, type);
    }

    /**
     * Trains {@code field} on the data rows {@code x} (n × D) with {@code trainer} (its validation split,
     * early stopping, …) and the {@link #icfm} loss seeded by {@code seed}.
     */
    public static TrainingHistory fit(VectorField field, double[][] x, Trainer trainer, long seed) {
        if (x.length == 0 || x[0].length != field.dims()) {
            throw new IllegalArgumentException("flow matching needs data rows of width " + field.dims());
        }
        DataType type = field.dataType();
        return trainer.fit(
                field, Tensors.matrix(x, type), validationNoise(x.length, field.dims(), seed, type), null, icfm(seed));
    }

    /**
     * Euler integration of dx/dt = v(x, t) over the grid tₖ = k/(T − 1), k = 0 … T − 1 (T − 1 steps of
     * Δt = 1/(T − 1)), each step x ← x + Δt·v(x, tₖ₋₁), ParetoFlow's unguided sampler ({@code paretoflow_nets.py}
     * 297–327, 705–717). Returns new rows.
     */
    public static double[][] integrate(VectorField field, double[][] x0, int gridPoints) {
        if (gridPoints < 2) throw new IllegalArgumentException("the time grid needs at least 2 points");
        double dt = 1.0 / (gridPoints - 1);
        double[][] x = new double[x0.length][];
        for (int i = 0; i < x.length; i++) x[i] = x0[i].clone();
        double[] t = new double[x.length];
        for (int k = 1; k < gridPoints; k++) {
            Arrays.fill(t, (k - 1) * dt);
            double[][] v = Tensors.rows(field.forward(x, t));
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) x[i][j] += dt * v[i][j];
            }
        }
        return x;
    }

    /** A 64-bit mix of a seed and two counters (SplitMix64's finaliser), for per-batch random streams. */
    public static long mix(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
