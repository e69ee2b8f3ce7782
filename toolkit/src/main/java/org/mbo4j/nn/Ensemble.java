package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Several regressors evaluated and differentiated together: the prediction is the members' mean or min per
 * example and objective, and {@link #backward} distributes dLoss/df̂ accordingly (mean: 1/M to every member;
 * min: everything to the member attaining the min). Each member keeps its own workspaces, so ascent through the
 * ensemble allocates nothing per step and backward needs no recomputation. Train with {@link Losses#perMember} and
 * {@link Bootstrap} weights.
 *
 * @param <M> member type
 */
public final class Ensemble<M extends Regressor> implements Regressor {
    /** How member predictions are combined. */
    public enum Aggregation {
        MEAN,
        MIN
    }

    private final List<M> members;
    private final Aggregation aggregation;
    private final List<Param> params;
    private INDArray pred;
    private INDArray dx;
    private INDArray dMember;
    private int[][] argmin;

    public Ensemble(List<M> members, Aggregation aggregation) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        int d = members.get(0).inputSize();
        int k = members.get(0).outputSize();
        for (M m : members) {
            if (m.inputSize() != d || m.outputSize() != k) {
                throw new IllegalArgumentException("ensemble members must have the same input and output sizes");
            }
        }
        this.members = List.copyOf(members);
        this.aggregation = aggregation;
        List<Param> ps = new ArrayList<>();
        for (M m : members) ps.addAll(m.parameters());
        params = List.copyOf(ps);
    }

    /** {@code size} members built by {@code factory(seed + m)}. */
    public static <M extends Regressor> Ensemble<M> of(
            int size, long seed, LongFunction<M> factory, Aggregation aggregation) {
        List<M> ms = new ArrayList<>();
        for (int m = 0; m < size; m++) ms.add(factory.apply(seed + m));
        return new Ensemble<>(ms, aggregation);
    }

    public int size() {
        return members.size();
    }

    public M member(int m) {
        return members.get(m);
    }

    public List<M> members() {
        return members;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** The same members combined differently (shares weights). */
    public Ensemble<M> withAggregation(Aggregation a) {
        return new Ensemble<>(members, a);
    }

    @Override
    public int inputSize() {
        return members.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return members.get(0).outputSize();
    }

    /** Every member's parameters, in member order (settled: see {@link Module#discardGrad}). */
    @Override
    public List<Param> parameters() {
        settleGrad();
        return params;
    }

    @Override
    public void zeroGrad() {
        for (M m : members) m.zeroGrad();
    }

    @Override
    public void discardGrad() {
        for (M m : members) m.discardGrad();
    }

    @Override
    public void settleGrad() {
        for (M m : members) m.settleGrad();
    }

    @Override
    public INDArray forward(INDArray x) {
        long bsz = x.rows();
        int k = outputSize();
        buffers(bsz);
        if (aggregation == Aggregation.MEAN) {
            pred.assign(0);
            for (M m : members) pred.addi(m.forward(x));
            pred.divi(members.size());
        } else {
            // bulk copies (column-major) instead of per-element INDArray access
            double[] min = null;
            for (int mi = 0; mi < members.size(); mi++) {
                double[] p = Tensors.columnMajor(members.get(mi).forward(x));
                if (mi == 0) {
                    min = p;
                    for (int[] row : argmin) Arrays.fill(row, 0);
                    continue;
                }
                for (int i = 0; i < bsz; i++) {
                    for (int j = 0; j < k; j++) {
                        int at = j * (int) bsz + i;
                        if (p[at] < min[at]) {
                            min[at] = p[at];
                            argmin[i][j] = mi;
                        }
                    }
                }
            }
            Tensors.assignColumnMajor(pred, min);
        }
        return pred;
    }

    private void buffers(long bsz) {
        if (pred == null || pred.rows() != bsz) {
            int k = outputSize();
            pred = Tensors.zeros(members.get(0).parameters().get(0).value().dataType(), bsz, k);
            dMember = Tensors.zeros(pred.dataType(), bsz, k);
            dx = Tensors.zeros(pred.dataType(), bsz, inputSize());
            argmin = new int[(int) bsz][k];
        }
    }

    /**
     * Back-propagates {@code dPred} (dLoss/d aggregated prediction of the last {@link #forward}) through every
     * member; each member still holds its own activations of that forward, so nothing is recomputed. Returns the
     * summed ∇ₓ (ensemble buffer) when {@code inputGrads}.
     */
    @Override
    public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
        if (pred == null) throw new IllegalStateException("backward called before forward");
        if (inputGrads) dx.assign(0);
        int k = outputSize();
        int bsz = (int) pred.rows();
        double[] dp = aggregation == Aggregation.MIN ? Tensors.columnMajor(dPred) : null;
        if (aggregation == Aggregation.MEAN) dMember.assign(dPred).divi(members.size()); // the same for every member
        for (int mi = 0; mi < members.size(); mi++) {
            M m = members.get(mi);
            if (aggregation == Aggregation.MIN) {
                double[] dm = new double[bsz * k];
                for (int i = 0; i < bsz; i++) {
                    for (int j = 0; j < k; j++) if (argmin[i][j] == mi) dm[j * bsz + i] = dp[j * bsz + i];
                }
                Tensors.assignColumnMajor(dMember, dm);
            }
            INDArray g = m.backward(dMember, weightGrads, inputGrads);
            if (inputGrads) dx.addi(g);
        }
        return inputGrads ? dx : null;
    }

    /**
     * For the mean, each member's forward and backward run back to back (its 17 MB of weights for the papers' 2 ×
     * 2048 nets are then read from cache by the backward pass, not from memory): the same sums in the same order
     * as {@link #forward} then {@link #backward}. The minimum needs every member's prediction first.
     */
    @Override
    public Pass forwardInputGradient(INDArray x, INDArray dPredArg) {
        if (aggregation != Aggregation.MEAN) return Regressor.super.forwardInputGradient(x, dPredArg);
        buffers(x.rows());
        INDArray dPred = dPredArg == dMember ? dPredArg.dup() : dPredArg;
        pred.assign(0);
        dx.assign(0);
        dMember.assign(dPred).divi(members.size());
        for (M m : members) {
            pred.addi(m.forward(x));
            dx.addi(m.backward(dMember, false, true));
        }
        pred.divi(members.size());
        return new Pass(pred, dx);
    }

    /** Per-member predictions (members × B × k, new array), e.g. for uncertainty. */
    public INDArray memberPredictions(INDArray x) {
        INDArray out =
                Nd4j.create(pred == null ? x.dataType() : pred.dataType(), members.size(), x.rows(), outputSize());
        for (int mi = 0; mi < members.size(); mi++)
            out.get(NDArrayIndex.point(mi)).assign(members.get(mi).forward(x));
        return out;
    }
}
