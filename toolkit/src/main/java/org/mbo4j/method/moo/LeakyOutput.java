package org.mbo4j.method.moo;

import java.util.List;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link Mlp} with a LeakyReLU on its outputs too: Off-MOO-Bench's multi-head proxy, whose trunk is the MLP's
 * hidden layers and whose m heads {@code Linear(2048, 1)} are the columns of its output layer, each followed by a
 * LeakyReLU ({@code off_moo_baselines/multi_head/nets.py} 17, 23–24 and 131–133 of {@code lamda-bbo/offline-moo}).
 * Not thread-safe (as the MLP).
 */
final class LeakyOutput implements Regressor {
    private final Mlp mlp;
    private final double slope;
    private double[][] lastZ;

    LeakyOutput(Mlp mlp, double slope) {
        this.mlp = mlp;
        this.slope = slope;
    }

    /** The network before the output activation (its output layer holds the heads). */
    Mlp network() {
        return mlp;
    }

    /** The output activation's slope (1 or the leak) per row of the last forward batch, for output {@code column}. */
    double[] slopes(int column) {
        if (lastZ == null) throw new IllegalStateException("call forward first");
        double[] s = new double[lastZ.length];
        for (int i = 0; i < s.length; i++) s[i] = lastZ[i][column] <= 0 ? slope : 1;
        return s;
    }

    @Override
    public int inputSize() {
        return mlp.inputSize();
    }

    @Override
    public int outputSize() {
        return mlp.outputSize();
    }

    @Override
    public INDArray forward(INDArray x) {
        INDArray z = mlp.forward(x);
        lastZ = Tensors.rows(z);
        double[][] out = new double[lastZ.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lastZ[i].clone();
            for (int j = 0; j < out[i].length; j++) if (out[i][j] <= 0) out[i][j] *= slope;
        }
        return Tensors.matrix(out, z.dataType());
    }

    @Override
    public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
        if (lastZ == null) throw new IllegalStateException("backward before forward");
        double[][] d = Tensors.rows(dPred);
        for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < d[i].length; j++) if (lastZ[i][j] <= 0) d[i][j] *= slope;
        }
        return mlp.backward(Tensors.matrix(d, dPred.dataType()), weightGrads, inputGrads);
    }

    @Override
    public List<Param> parameters() {
        return mlp.parameters();
    }

    @Override
    public void discardGrad() {
        mlp.discardGrad();
    }

    @Override
    public void settleGrad() {
        mlp.settleGrad();
    }

    @Override
    public void zeroGrad() {
        mlp.zeroGrad();
    }
}
