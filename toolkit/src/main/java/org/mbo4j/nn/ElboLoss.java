package org.mbo4j.nn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The trainer's side of a VAE's β-ELBO, shared by the VAEs: each batch's {@link Elbo} from {@link #train}, the
 * epoch's row-weighted mean {@code nll} and {@code kl} as named metrics ({@link TrainingHistory#metrics()}) and the
 * last batch's parts as the progress status. Subclasses say how a batch is evaluated.
 */
abstract class ElboLoss<M extends Module> implements TrainingLoss<M> {
    private Elbo last;
    private double nllSum;
    private double klSum;
    private long rows;

    /** Checks β and returns it: finite and ≥ 0. */
    static double checkBeta(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("the KL weight β must be a finite number ≥ 0, got " + beta);
        }
        return beta;
    }

    /** The batch's ELBO with its gradients accumulated. */
    abstract Elbo train(M model, Batch b);

    /** The batch's ELBO without gradients (validation). */
    abstract Elbo evaluate(M model, Batch b);

    @Override
    public final double lossAndGradients(M model, Batch b) {
        last = train(model, b);
        nllSum += last.nll() * b.size();
        klSum += last.kl() * b.size();
        rows += b.size();
        return last.loss();
    }

    @Override
    public final double loss(M model, Batch b) {
        return evaluate(model, b).loss();
    }

    @Override
    public final Map<String, Double> epochMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nll", rows == 0 ? Double.NaN : nllSum / rows);
        m.put("kl", rows == 0 ? Double.NaN : klSum / rows);
        nllSum = 0;
        klSum = 0;
        rows = 0;
        return m;
    }

    @Override
    public final String status() {
        return last == null ? "" : String.format(Locale.ROOT, "nll=%.4g kl=%.4g", last.nll(), last.kl());
    }
}
