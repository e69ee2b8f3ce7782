package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EnsembleTest {
    @ParameterizedTest
    @EnumSource(Ensemble.Aggregation.class)
    void aggregationAndInputGradientMatchMembersAndFiniteDifferences(Ensemble.Aggregation agg) {
        Ensemble<Mlp> e = Ensemble.of(
                3,
                10,
                s -> Mlp.builder(3)
                        .hidden(4)
                        .init(Init.TORCH_DEFAULT)
                        .dataType(DataType.DOUBLE)
                        .seed(s)
                        .build(),
                agg);
        INDArray x = MlpTest.randomX(5, 3, 1);
        INDArray pred = e.forward(x).dup();
        for (int i = 0; i < 5; i++) {
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            for (int m = 0; m < 3; m++) {
                double v = e.member(m).forward(x.getRow(i, true)).getDouble(0, 0);
                mean += v / 3;
                min = Math.min(min, v);
            }
            assertEquals(agg == Ensemble.Aggregation.MEAN ? mean : min, pred.getDouble(i, 0), 1e-12);
        }
        INDArray dx = e.inputGradient(x, 0).dup();
        GradCheck.check(x, dx, () -> e.forward(x).sumNumber().doubleValue(), 1e-6);
    }

    @ParameterizedTest
    @EnumSource(Ensemble.Aggregation.class)
    void fusedForwardInputGradientEqualsForwardThenBackwardBitForBit(Ensemble.Aggregation agg) {
        Ensemble<GaussianMlp> e = Ensemble.of(
                3,
                4,
                s -> GaussianMlp.of(
                        Mlp.builder(3)
                                .hidden(8, 8)
                                .activation(Activation.leakyRelu(0.3))
                                .seed(s),
                        1),
                agg);
        INDArray x = MlpTest.randomX(6, 3, 2).castTo(DataType.FLOAT);
        INDArray seed = Tensors.unitColumn(Nd4j.create(DataType.FLOAT, 6, 1), 0);
        INDArray pred = e.forward(x).dup();
        INDArray dx = e.backward(seed, false, true).dup();
        Regressor.Pass pass = e.forwardInputGradient(x, seed);
        Assertions.assertArrayEquals(
                pred.dup('f').data().asFloat(),
                pass.prediction().dup('f').data().asFloat());
        Assertions.assertArrayEquals(
                dx.dup('f').data().asFloat(),
                pass.inputGradient().dup('f').data().asFloat());
        // a later backward reads the same member activations
        Assertions.assertArrayEquals(
                dx.dup('f').data().asFloat(),
                e.backward(seed, false, true).dup('f').data().asFloat());
    }
}
