package org.mbo4j.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.InputAscent;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Tensors;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurement behind the nn core's design choice: the same 24 → 2048 → 2048 → 2 LeakyReLU net, batch 128,
 * as a SameDiff graph ({@code calculateGradients} after {@code createGradFunction}) vs the hand-written backprop
 * of {@link Mlp}, for an input-gradient step and a weight-gradient (training) step. Both compute the same
 * gradients (checked here before timing).
 */
public final class SameDiffComparison {
    private SameDiffComparison() {}

    /** Cases named {@code samediff-*} and {@code handwritten-*}. */
    public static List<PerfCase> run(boolean quick, Consumer<String> log) {
        int d = PerfSuite.D;
        int h = PerfSuite.H;
        int b = PerfSuite.BATCH;
        GaussianMlp g = PerfSuite.gradSurrogate(0);
        Mlp mlp = g.core();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable a = x;
        for (int l = 0; l < mlp.layers(); l++) {
            SDVariable w = sd.var("w" + l, mlp.weight(l).dup('c'));
            SDVariable bias =
                    sd.var("b" + l, mlp.bias(l).reshape(mlp.bias(l).length()).dup());
            a = sd.nn.biasAdd(a.mmul(w), bias, true);
            if (l < mlp.layers() - 1) a = sd.nn.leakyRelu(a, 0.3);
        }
        // objective: Σ of the mean column (column 0)
        SDVariable mean = a.get(SDIndex.all(), SDIndex.point(0));
        SDVariable loss = mean.sum("loss");
        loss.markAsLoss();
        sd.createGradFunction("x");
        INDArray xs = PerfSuite.random(b, d, 9);
        Map<String, INDArray> ph = Map.of("x", xs.dup('c'));

        // same gradients?
        INDArray sdGrad = sd.calculateGradients(ph, "x").get("x");
        INDArray hwGrad = g.inputGradient(xs, 0).dup();
        double diff = sdGrad.sub(hwGrad).amaxNumber().doubleValue();
        double scale = hwGrad.amaxNumber().doubleValue();
        if (!(diff <= 1e-3 * scale)) {
            throw new IllegalStateException("SameDiff and hand-written input gradients differ by " + diff);
        }
        List<String> weights = new ArrayList<>();
        for (int l = 0; l < mlp.layers(); l++) {
            weights.add("w" + l);
            weights.add("b" + l);
        }
        int reps = quick ? 5 : 20;
        double macs = SurrogateShapes.macs(d, h, h, 2);
        List<PerfCase> out = new ArrayList<>();
        double tSd = Timing.median(2, reps, () -> sd.calculateGradients(ph, "x"));
        out.add(new PerfCase(
                "samediff-input-grad", "SameDiff calculateGradients w.r.t. x, batch 128", tSd, b, 4 * macs * b));
        INDArray seed = Tensors.unitColumn(Nd4j.create(DataType.FLOAT, b, 1), 0);
        INDArray xf = xs.dup('f');
        double tHw = Timing.median(2, reps, () -> InputAscent.step(g, xf, seed, 0.0));
        out.add(new PerfCase(
                "handwritten-input-grad", "Mlp forward + backward w.r.t. x, batch 128", tHw, b, 4 * macs * b));
        double tSdW = Timing.median(2, reps, () -> sd.calculateGradients(ph, weights));
        out.add(new PerfCase(
                "samediff-weight-grad",
                "SameDiff calculateGradients w.r.t. all weights, batch 128",
                tSdW,
                b,
                (6 * macs - 2.0 * d * h) * b));
        double tHwW = Timing.median(2, reps, () -> {
            g.zeroGrad();
            g.forward(xs);
            g.backward(seed, true, false);
        });
        out.add(new PerfCase(
                "handwritten-weight-grad",
                "Mlp forward + backward w.r.t. all weights, batch 128",
                tHwW,
                b,
                (6 * macs - 2.0 * d * h) * b));
        for (PerfCase c : out) {
            log.accept(String.format(
                    java.util.Locale.ROOT, "%-24s %9.5f s  %7.1f GFLOP/s", c.name(), c.seconds(), c.gflops()));
        }
        return out;
    }
}
