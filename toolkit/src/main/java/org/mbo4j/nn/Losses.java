package org.mbo4j.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The standard losses: weighted MSE on any {@link Regressor}, Gaussian NLL, and per-member ensemble losses. */
public final class Losses {
    private Losses() {}

    /**
     * Weighted mean squared error Σᵢ wᵢ Σⱼ (f̂ᵢⱼ − yᵢⱼ)² / Σᵢ wᵢ (w null = ones; Σ over objectives, mean over
     * examples, which for k = 1 is tf.keras' MSE). Adds gradients when {@code grads}. Returns 0 when Σ w = 0.
     */
    public static double mse(Regressor model, INDArray x, INDArray y, INDArray weights, boolean grads) {
        INDArray pred = model.forward(x);
        int bsz = (int) pred.rows();
        int k = (int) pred.columns();
        if (y.rows() != bsz || y.columns() != k) {
            throw new IllegalArgumentException(
                    "targets have shape " + Arrays.toString(y.shape()) + ", expected [" + bsz + ", " + k + "]");
        }
        double[] p = Tensors.columnMajor(pred);
        double[] t = Tensors.columnMajor(y);
        double[] w = weights == null ? null : Tensors.columnMajor(weights.reshape(bsz, 1));
        double wsum = 0;
        for (int i = 0; i < bsz; i++) wsum += w == null ? 1 : w[i];
        if (wsum == 0) return 0;
        double[] g = grads ? new double[bsz * k] : null; // F-order B × k
        double loss = 0;
        for (int i = 0; i < bsz; i++) {
            double wi = (w == null ? 1 : w[i]) / wsum;
            for (int j = 0; j < k; j++) {
                double r = p[j * bsz + i] - t[j * bsz + i];
                loss += wi * r * r;
                if (grads) g[j * bsz + i] = 2 * wi * r;
            }
        }
        INDArray d = grads ? Nd4j.create(g, new long[] {bsz, k}, 'f').castTo(pred.dataType()) : null;
        if (grads) model.backward(d, true, false);
        return loss;
    }

    /** MSE as a trainer loss (unweighted, or member 0's weights when the batch has them). */
    public static <M extends Regressor> TrainingLoss<M> mse() {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(M m, Batch b) {
                return mse(m, b.x(), b.y(), b.weights(0), true);
            }

            @Override
            public double loss(M m, Batch b) {
                return mse(m, b.x(), b.y(), null, false);
            }
        };
    }

    /** Gaussian NLL as a trainer loss (unweighted, or member 0's weights when the batch has them). */
    public static TrainingLoss<GaussianMlp> gaussianNll() {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(GaussianMlp m, Batch b) {
                return m.nll(b.x(), b.y(), b.weights(0), true);
            }

            @Override
            public double loss(GaussianMlp m, Batch b) {
                return m.nll(b.x(), b.y(), null, false);
            }
        };
    }

    /**
     * Trains every member of an ensemble on the same batches with its own bootstrap weight column (batch weights
     * B × members): the reported loss is the members' mean. Members' gradients are independent, so this equals
     * training each alone on its bootstrap sample with its own Adam state (design-baselines' Ensemble trainer).
     */
    public static <M extends Regressor> TrainingLoss<Ensemble<M>> perMember(TrainingLoss<M> member) {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(Ensemble<M> e, Batch b) {
                double s = 0;
                for (int m = 0; m < e.size(); m++) s += member.lossAndGradients(e.member(m), memberBatch(b, m));
                return s / e.size();
            }

            @Override
            public double loss(Ensemble<M> e, Batch b) {
                double s = 0;
                for (int m = 0; m < e.size(); m++) s += member.loss(e.member(m), memberBatch(b, m));
                return s / e.size();
            }
        };
    }

    private static Batch memberBatch(Batch b, int m) {
        return new Batch(b.x(), b.y(), b.weights(m), b.epoch(), b.index());
    }

    /**
     * {@code inner} validated by −PCC, the negated Pearson correlation of all validation predictions with their
     * targets, Σ vx·vy / (√(Σ vx² + 1e−12)·√(Σ vy² + 1e−12)) with vx, vy the deviations from the means over all
     * entries: ParetoFlow's {@code compute_pcc} ({@code experiments/paretoflow_utils.py} 388–394 at 2278ffd, the
     * Off-MOO-Bench proxies) and ICT's ({@code mila-iqia/Importance-aware-Co-teaching} {@code utils.py} 114–122).
     * With {@link Trainer.Builder#earlyStopping} the trainer keeps the epoch of the highest PCC.
     */
    public static <M extends Regressor> TrainingLoss<M> pccSelected(TrainingLoss<M> inner) {
        return TrainingLoss.validatedBy(
                inner, (model, x, y) -> -pearson(Tensors.rows(model.forward(x)), Tensors.rows(y)));
    }

    /** ParetoFlow's and ICT's {@code compute_pcc} over all entries of two equally shaped matrices. */
    public static double pearson(double[][] p, double[][] t) {
        double mp = 0;
        double mt = 0;
        long n = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                mp += p[i][j];
                mt += t[i][j];
                n++;
            }
        }
        mp /= n;
        mt /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                double a = p[i][j] - mp;
                double b = t[i][j] - mt;
                sxy += a * b;
                sxx += a * a;
                syy += b * b;
            }
        }
        return sxy / (Math.sqrt(sxx + 1e-12) * Math.sqrt(syy + 1e-12));
    }

    /**
     * ∇θ of the mean squared error (1/n)Σ(f̂(xᵢ) − yᵢ)² over all n rows of (x, y), in chunks of 4,096 rows; returns
     * a copy and leaves the model's gradient buffer zeroed. The outer loss of ICT's meta step and of Tri-mentoring's
     * soft-label step (all visible rows).
     */
    public static INDArray mseGradient(Mlp f, INDArray x, INDArray y) {
        int n = (int) x.rows();
        int chunk = 4096;
        f.zeroGrad();
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            INDArray xc = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray yc = y.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray p = f.forward(xc);
            f.backward(p.sub(yc).muli(2.0 / n), true, false);
        }
        INDArray g = f.parameters().get(0).grad().dup();
        f.zeroGrad();
        return g;
    }
}
