package org.mbo4j.method.surrogate;

import java.util.List;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Regressor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The predictive mean and standard deviation of objective 0 for a batch of encoded designs, in raw score units:
 * a Gaussian model gives its mean and soft-clipped std; an ensemble of Gaussian models gives the moments of the
 * equal-weight mixture (mean of means; variance = mean of (σ² + μ²) − mean²), an ensemble of point models the
 * spread of its members' predictions. Immutable value.
 *
 * @param mean per design
 * @param std  per design (≥ 0)
 */
public record PredictiveDistribution(double[] mean, double[] std) {

    /** The predictive distribution of {@code model} at encoded inputs {@code x}, mapped to raw units by {@code data}. */
    public static PredictiveDistribution of(Regressor model, SurrogateData data, INDArray x) {
        List<? extends Regressor> members = model instanceof Ensemble<?> e ? e.members() : List.of(model);
        int n = (int) x.rows();
        double[] m1 = new double[n];
        double[] m2 = new double[n];
        for (Regressor r : members) {
            double[][] mu = data.toScores(r.predict(x));
            double[] sd = new double[n];
            if (r instanceof GaussianMlp g) {
                INDArray logStd = g.predictLogStd(x);
                for (int i = 0; i < n; i++) sd[i] = Math.exp(logStd.getDouble(i, 0)) * data.targetScale();
            }
            for (int i = 0; i < n; i++) {
                m1[i] += mu[i][0] / members.size();
                m2[i] += (sd[i] * sd[i] + mu[i][0] * mu[i][0]) / members.size();
            }
        }
        double[] std = new double[n];
        for (int i = 0; i < n; i++) std[i] = Math.sqrt(Math.max(0, m2[i] - m1[i] * m1[i]));
        return new PredictiveDistribution(m1, std);
    }
}
