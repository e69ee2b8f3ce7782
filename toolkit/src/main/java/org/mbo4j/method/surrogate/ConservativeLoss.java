package org.mbo4j.method.surrogate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.InputAscent;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.TrainingLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The COMs training loss (Trabucco et al., ICML 2021, eq. 3 and Algorithm 1; design-baselines
 * {@code coms_cleaned/trainers.py}, {@code ConservativeObjectiveModel.train_step}) as a {@link TrainingLoss} on the
 * shared trainer. For a batch (x, y) of size B:
 * <pre>
 *   x⁻ = T steps of x ← x + η·∇ₓ f̂(x) from the batch x   (no weight gradients; x⁻ is a constant)
 *   overestimationᵢ = f̂(x⁻ᵢ) − f̂(xᵢ)
 *   model loss = mean_i[(f̂(xᵢ) − yᵢ)² + α·overestimationᵢ] = MSE + α·(mean f̂(x⁻) − mean f̂(x))
 *   α loss     = mean_i[α·limit − α·overestimationᵢ],   α = exp(log α), Adam step on log α:
 *                ∂/∂log α = α·(limit − mean overestimation)
 * </pre>
 * Both gradients are taken at the parameters before either update, as in the TF code (one tape). The α Adam step
 * is applied in {@link #afterStep}. design-baselines' entropy term is 0 for every published run (entropy
 * coefficient 0) and its input noise std is 0, so neither is implemented. Validation reports the MSE. α = 0 (log α
 * = −∞, as design-baselines' continuous-task scripts) is plain MSE: no negatives are computed and α stays 0.
 */
public final class ConservativeLoss implements TrainingLoss<Regressor> {
    private final double limit;
    private final double particleLr;
    private final int particleSteps;
    private final double lossScale;
    private final Adam alphaOpt;
    private final Param logAlpha;
    private double pendingGrad;
    private double lastOverestimation = Double.NaN;

    /**
     * @param alpha         initial Lagrange multiplier (paper 0.1)
     * @param alphaLr       Adam learning rate on log α (paper 0.01)
     * @param limit         overestimation limit τ (TFBind8 2.0; design-baselines CLI default 0.5)
     * @param particleLr    inner ascent step η (paper 2.0·√d)
     * @param particleSteps inner ascent steps T (paper 50)
     */
    public ConservativeLoss(double alpha, double alphaLr, double limit, double particleLr, int particleSteps) {
        this(alpha, new Adam(alphaLr), limit, particleLr, particleSteps, 1.0);
    }

    /**
     * The loss with PyTorch's Adam ε on log α and the model's gradients multiplied by {@code lossScale}, as
     * Off-MOO-Bench's {@code ConservativeObjectiveTrainer} ({@code off_moo_baselines/multiple_models/trainer.py}
     * 200 and 272–274 of {@code lamda-bbo/offline-moo}: the model loss times 1/{@code data_preserved_ratio} when the
     * data are pruned; the α loss is not scaled). The value returned by {@link #lossAndGradients} stays unscaled.
     *
     * @param lossScale factor on the model loss's gradients (&gt; 0; 1 is the plain loss)
     */
    public static ConservativeLoss torch(
            double alpha, double alphaLr, double limit, double particleLr, int particleSteps, double lossScale) {
        if (!(lossScale > 0) || Double.isInfinite(lossScale)) {
            throw new IllegalArgumentException("the COMs loss scale must be a positive number, got " + lossScale);
        }
        if (lossScale != 1 && !(alpha > 0)) {
            throw new IllegalArgumentException("a scaled COMs loss needs alpha > 0, got " + alpha);
        }
        Adam opt = new Adam(alphaLr, 0.9, 0.999, Adam.TORCH_EPSILON);
        return new ConservativeLoss(alpha, opt, limit, particleLr, particleSteps, lossScale);
    }

    private ConservativeLoss(
            double alpha, Adam alphaOpt, double limit, double particleLr, int particleSteps, double lossScale) {
        if (!(alpha >= 0)) throw new IllegalArgumentException("COMs alpha must be ≥ 0, got " + alpha);
        if (particleSteps < 0) throw new IllegalArgumentException("particle steps must be ≥ 0, got " + particleSteps);
        this.limit = limit;
        this.particleLr = particleLr;
        this.particleSteps = particleSteps;
        this.lossScale = lossScale;
        this.alphaOpt = alphaOpt;
        INDArray v = Nd4j.scalar(DataType.DOUBLE, Math.log(alpha)).reshape(1, 1);
        this.logAlpha = new Param("log_alpha", v, Nd4j.zeros(DataType.DOUBLE, 1, 1));
    }

    /** Current Lagrange multiplier α. */
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    /** Mean overestimation f̂(x⁻) − f̂(x) of the last training batch. */
    public double lastOverestimation() {
        return lastOverestimation;
    }

    /** The negatives x⁻: {@code particleSteps} ascent steps from a copy of {@code x}. */
    public INDArray negatives(Regressor model, INDArray x) {
        INDArray xNeg = x.dup('f');
        InputAscent.ascend(model, xNeg, 0, particleLr, particleSteps);
        return xNeg;
    }

    @Override
    public double lossAndGradients(Regressor model, Batch batch) {
        INDArray x = batch.x();
        INDArray y = batch.y();
        int b = batch.size();
        double a = alpha();
        if (a == 0) {
            pendingGrad = 0;
            return Losses.mse(model, x, y, null, true);
        }
        INDArray xNeg = negatives(model, x);
        // negative pass: d/dθ of α·mean f̂(x⁻)
        INDArray predNeg = model.forward(xNeg);
        double meanNeg = predNeg.getColumn(0).meanNumber().doubleValue();
        INDArray seedNeg = Nd4j.create(predNeg.dataType(), predNeg.shape(), 'f');
        seedNeg.getColumn(0).assign(lossScale * a / b);
        model.backward(seedNeg, true, false);
        // positive pass: MSE − α·mean f̂(x)
        INDArray pred = model.forward(x);
        INDArray d = Nd4j.create(pred.dataType(), pred.shape(), 'f');
        double mse = 0;
        double meanPos = 0;
        for (int i = 0; i < b; i++) {
            double p = pred.getDouble(i, 0);
            double r = p - y.getDouble(i, 0);
            mse += r * r / b;
            meanPos += p / b;
            d.putScalar(i, 0, lossScale * (2 * r / b - a / b));
        }
        model.backward(d, true, false);
        double over = meanNeg - meanPos;
        lastOverestimation = over;
        pendingGrad = a * (limit - over);
        return mse + a * over;
    }

    @Override
    public void afterStep(Regressor model, Batch batch) {
        if (alpha() == 0) return;
        logAlpha.grad().putScalar(0, pendingGrad);
        alphaOpt.step(logAlpha);
    }

    @Override
    public double loss(Regressor model, Batch batch) {
        return Losses.mse(model, batch.x(), batch.y(), null, false);
    }

    @Override
    public String status() {
        if (alpha() == 0) return "alpha=0 (no conservative term)";
        return String.format(Locale.ROOT, "alpha=%.4g overest=%.4g", alpha(), lastOverestimation);
    }

    /** log α and its Adam moments. */
    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        s.put("log_alpha", logAlpha.value());
        s.putAll(alphaOpt.state(java.util.List.of(logAlpha), "alpha_adam."));
        return s;
    }

    @Override
    public void restoreState(Map<String, INDArray> s) {
        logAlpha.value().assign(s.get("log_alpha"));
        alphaOpt.restore(java.util.List.of(logAlpha), "alpha_adam.", s);
    }
}
