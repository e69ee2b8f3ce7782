package org.mbo4j.nn;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma &amp; Ba 2015) in the TensorFlow/Keras form used by design-baselines:
 * <pre>
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²
 *   θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)
 * </pre>
 * Defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-7 (tf.keras). PyTorch uses ε = 1e-8 and adds ε to the bias-corrected
 * √v̂; the two agree up to ε's scale. {@link #step} overwrites the gradient buffer with the applied update
 * (REINFORCE reads it back); {@link #stepKeepingGrad} leaves it alone.
 *
 * <p>The update is one fused pass over memory in Java (m, v, θ and the update computed per element, read once and
 * written once; SIMD through the Vector API when the JVM loads {@code jdk.incubator.vector}), split across
 * {@code OMP_NUM_THREADS} threads, instead of ND4J's {@code adam_updater} op plus the subtraction θ −= update, which
 * stream the buffers twice (timings in docs/performance.md). Every element is computed independently, so the result
 * does not depend on the thread count or on whether SIMD is used.
 * Subnormal g, g², m and v are flushed to zero: the moments of dead ReLU units otherwise decay into the subnormal
 * range, where every operation is many times slower (see {@code FusedAdam}).
 * On other backends (CUDA: tensors in device memory) the update is ND4J's {@code adam_updater} op.
 */
public final class Adam {
    /** tf.keras' default ε. */
    public static final double TF_EPSILON = 1e-7;
    /** PyTorch's default ε. */
    public static final double TORCH_EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double learningRate;
    private final Map<INDArray, State> state = new IdentityHashMap<>();

    private record State(INDArray m, INDArray v, int[] step) {}

    /** Zero moments shaped like {@code v}, step 0. */
    private static State zeroState(INDArray v) {
        return new State(
                Nd4j.create(v.dataType(), v.shape(), v.ordering()),
                Nd4j.create(v.dataType(), v.shape(), v.ordering()),
                new int[1]);
    }

    /** Adam with the given learning rate and tf.keras defaults for the rest. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, TF_EPSILON);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) throw new IllegalArgumentException("Adam epsilon must be > 0, got " + epsilon);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate (schedules); moment estimates are kept. */
    public void setLearningRate(double lr) {
        learningRate = lr;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    /** One update of every parameter from its gradient buffer (descent); the buffer then holds the update. */
    public void step(List<Param> params) {
        for (Param p : params) step(p, true);
    }

    /** One update of one parameter from its gradient buffer (descent); the buffer then holds the update. */
    public void step(Param p) {
        step(p, true);
    }

    /**
     * One update of every parameter, leaving the gradient buffers as they were instead of writing the update into
     * them: one memory stream less per step, for callers that discard the gradients next ({@link Trainer}, with
     * {@link Module#discardGrad}).
     */
    public void stepKeepingGrad(List<Param> params) {
        for (Param p : params) step(p, false);
    }

    private void step(Param p, boolean writeUpdate) {
        State s = state.computeIfAbsent(p.value(), Adam::zeroState);
        int t = ++s.step[0];
        double lrT = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        if (FusedAdam.AVAILABLE) {
            FusedAdam.apply(p.value(), p.grad(), s.m, s.v, beta1, beta2, lrT, epsilon, writeUpdate);
        } else {
            nd4jStep(p.value(), writeUpdate ? p.grad() : p.grad().dup(), s.m, s.v, t);
        }
    }

    /** The update through ND4J's {@code adam_updater} op (device memory, e.g. CUDA); step {@code t} counts from 1. */
    void nd4jStep(INDArray value, INDArray g, INDArray m, INDArray v, int t) {
        Nd4j.exec(new AdamUpdater(g, v, m, g, v, m, learningRate, beta1, beta2, epsilon, t - 1));
        value.subi(g);
    }

    /**
     * The moments and step counts of {@code params} (by position: {@code prefix + i + ".m"}, {@code ".v"},
     * {@code ".t"}), for checkpoints. Parameters never stepped are left out.
     */
    public Map<String, INDArray> state(List<Param> params, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            State s = state.get(params.get(i).value());
            if (s == null) continue;
            out.put(prefix + i + ".m", s.m);
            out.put(prefix + i + ".v", s.v);
            out.put(prefix + i + ".t", Nd4j.scalar(s.step[0]));
        }
        return out;
    }

    /** Restores {@link #state} for the same parameters. */
    public void restore(List<Param> params, String prefix, Map<String, INDArray> saved) {
        for (int i = 0; i < params.size(); i++) {
            INDArray m = saved.get(prefix + i + ".m");
            if (m == null) continue;
            INDArray v = params.get(i).value();
            State s = zeroState(v);
            s.m.assign(m);
            s.v.assign(saved.get(prefix + i + ".v"));
            s.step[0] = saved.get(prefix + i + ".t").getInt(0);
            state.put(v, s);
        }
    }

    /** Number of steps taken on {@code p}. */
    public int steps(Param p) {
        State s = state.get(p.value());
        return s == null ? 0 : s.step[0];
    }
}
