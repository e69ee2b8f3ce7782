package org.mbo4j.nn;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The next Adam step of a parameter, taken on a copy, as a function of a scale s of its gradient g = s·ḡ, with
 * the derivative of the stepped parameter with respect to s: the one-step look-ahead through which meta-learned
 * example weights are differentiated (the {@code higher} library's {@code DifferentiableAdam}, {@code higher}
 * 0.2.1 {@code optim.py} 304–373, as ICT uses it). With the optimiser's moments m₀, v₀ and step count t₀:
 * <pre>
 *   m = β₁m₀ + (1−β₁)·sḡ,   v = β₂v₀ + (1−β₂)·s²ḡ²,   t = t₀ + 1,   c = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)
 *   θ′(s) = θ − c·m/(√v + ε)
 *   dθ′/ds = −c·[(1−β₁)ḡ/(√v + ε) − m·(1−β₂)sḡ²/√v/(√v + ε)²]
 * </pre>
 * the same form as {@link Adam} (ε on √v, not on the bias-corrected √v̂). Where v = 0 the second term is 0:
 * {@code higher} masks the gradient through v there ({@code optim.py} 350–352, "Deal with stability issues"), which
 * otherwise is 0·∞. Immutable; the arrays it returns are new.
 */
public final class AdamLookahead {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public AdamLookahead(double lr, double beta1, double beta2, double epsilon) {
        new Adam(lr, beta1, beta2, epsilon); // the same checks
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** θ′(s) and dθ′/ds, shaped like θ. */
    public record Step(INDArray value, INDArray derivative) {}

    /**
     * The step from {@code theta} with gradient {@code scale}·{@code gBar}, for an optimiser whose state of this
     * parameter is {@code m0}, {@code v0} after {@code t0} steps (zeros and 0 for a fresh optimiser).
     */
    public Step step(INDArray theta, INDArray gBar, double scale, INDArray m0, INDArray v0, int t0) {
        int t = t0 + 1;
        double c = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        INDArray g = gBar.mul(scale);
        INDArray m = m0.mul(beta1).addi(g.mul(1 - beta1));
        INDArray v = v0.mul(beta2).addi(g.mul(g).muli(1 - beta2));
        INDArray sqrtV = Transforms.sqrt(v, true);
        INDArray denom = sqrtV.add(epsilon);
        INDArray value = theta.sub(m.div(denom).muli(c));
        // dθ′/ds = −c·[(1−β₁)ḡ/denom − m·(1−β₂)·s·ḡ²/√v/denom²], the second term masked where v = 0
        INDArray first = gBar.mul(1 - beta1).divi(denom);
        INDArray dSqrtV = gBar.mul(gBar).muli((1 - beta2) * scale);
        // a positive floor in the array's own type (Double.MIN_NORMAL is 0 in float32): where v = 0 the term is
        // masked below, and dividing by the floor instead of 0 keeps 0·∞ out of it
        double floor = v.dataType() == DataType.DOUBLE ? Double.MIN_NORMAL : Float.MIN_NORMAL;
        INDArray safe = Transforms.max(sqrtV, floor, true);
        dSqrtV.divi(safe);
        dSqrtV.muli(v.neq(0).castTo(v.dataType()));
        INDArray second = m.mul(dSqrtV).divi(denom).divi(denom);
        INDArray derivative = first.subi(second).muli(-c);
        return new Step(value, derivative);
    }

    /**
     * {@link #step} from the state {@code adam} holds for {@code p} (read through {@link Adam#state}), or a fresh
     * optimiser's if it has not stepped {@code p}.
     */
    public Step step(Adam adam, Param p, INDArray gBar, double scale) {
        Map<String, INDArray> s = adam.state(java.util.List.of(p), "");
        INDArray theta = p.value();
        if (s.isEmpty()) {
            INDArray zeros = Nd4j.zeros(theta.dataType(), theta.shape());
            return step(theta, gBar, scale, zeros, zeros, 0);
        }
        return step(theta, gBar, scale, s.get("0.m"), s.get("0.v"), s.get("0.t").getInt(0));
    }
}
