package org.mbo4j.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A conditioned network that takes the condition y as one more input column: an {@link Mlp} on [x, y] (the network
 * mbo4j's MINs used before it had the authors' {@link ConditionedMlp}; kept so that {@code mins-reshuffled} runs as its
 * records were made).
 */
final class InputColumnMlp implements ConditionedNetwork {
    private final Mlp net;
    private final int dims;

    InputColumnMlp(Mlp net) {
        this.net = net;
        this.dims = net.inputSize() - 1;
    }

    Mlp mlp() {
        return net;
    }

    @Override
    public int inputSize() {
        return dims;
    }

    @Override
    public int outputSize() {
        return net.outputSize();
    }

    @Override
    public INDArray flatParameters() {
        return net.flatParameters();
    }

    @Override
    public List<Param> parameters() {
        return net.parameters();
    }

    @Override
    public void discardGrad() {
        net.discardGrad();
    }

    @Override
    public void settleGrad() {
        net.settleGrad();
    }

    @Override
    public double[] forward(double[] x, double[] y) {
        return Tensors.columnMajor(net.forward(input(x, y)));
    }

    @Override
    public double[] backward(double[] dOut, boolean weightGrads, boolean inputGrads) {
        INDArray g = net.outputGradientBuffer();
        if (dOut.length != g.length()) {
            throw new IllegalArgumentException(dOut.length + " output gradients for " + g.rows() + " × " + g.columns());
        }
        Tensors.assignColumnMajor(g, dOut);
        INDArray dIn = net.backward(g, weightGrads, inputGrads);
        if (!inputGrads) return null;
        return Arrays.copyOf(Tensors.columnMajor(dIn), (int) g.rows() * dims); // the y column dropped
    }

    @Override
    public double[] inputGradient(double[] x, double[] y) {
        net.forward(input(x, y));
        INDArray ones = net.outputGradientBuffer();
        ones.assign(1);
        return Arrays.copyOf(Tensors.columnMajor(net.backward(ones, false, true)), y.length * dims);
    }

    @Override
    public void addTangentWeightGradients(double[] v) {
        int b = v.length / dims;
        INDArray dirs = Nd4j.create(net.dataType(), new long[] {b, dims + 1}, 'f');
        Tensors.assignColumnMajor(dirs, Arrays.copyOf(v, b * (dims + 1))); // v's y column is 0
        net.addTangentWeightGradients(dirs);
    }

    private INDArray input(double[] x, double[] y) {
        int b = y.length;
        if (x.length != b * dims) {
            throw new IllegalArgumentException(x.length + " input values for " + b + " × " + dims + " rows");
        }
        double[] in = Arrays.copyOf(x, b * (dims + 1));
        System.arraycopy(y, 0, in, x.length, b);
        INDArray m = Nd4j.create(net.dataType(), new long[] {b, dims + 1}, 'f');
        Tensors.assignColumnMajor(m, in);
        return m;
    }

    @Override
    public String toString() {
        return net.toString();
    }
}
