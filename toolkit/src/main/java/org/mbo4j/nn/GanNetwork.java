package org.mbo4j.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** The network of a conditional GAN's critic and generator ({@link ConditionalCritic}, {@link ConditionalGenerator}). */
public enum GanNetwork {
    /**
     * MINs' network (design-baselines {@code design_baselines/mins/nets.py} lines 116-177 and 480-541): y embedded
     * linearly to the width of the first hidden layer and concatenated to the input of every dense layer,
     * LayerNormalization (ε 1e-3) before each LeakyReLU ({@link ConditionedMlp}).
     */
    MINS,
    /** y as one more input column of a plain {@link Mlp}, no normalisation (mbo4j's earlier MINs network). */
    INPUT_COLUMN;

    ConditionedNetwork build(int inputs, List<Integer> hidden, int outputs, double slope, DataType type, long seed) {
        if (this == INPUT_COLUMN) {
            return new InputColumnMlp(Mlp.builder(inputs + 1)
                    .hidden(hidden)
                    .activation(Activation.leakyRelu(slope))
                    .outputs(outputs)
                    .dataType(type)
                    .seed(seed)
                    .build());
        }
        if (hidden.isEmpty()) throw new IllegalArgumentException("MINs' network needs ≥ 1 hidden layer");
        return ConditionedMlp.of(inputs, hidden.get(0), hidden, outputs, slope, true, type, seed);
    }
}
