package org.mbo4j.nn;

/**
 * Weight initialisation of dense layers.
 * <ul>
 *   <li>{@link #GLOROT_UNIFORM} (default, tf.keras' Dense default, used by design-baselines):
 *       W ~ U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out))), b = 0.</li>
 *   <li>{@link #TORCH_DEFAULT} (torch.nn.Linear): W, b ~ U(−1/√fan_in, +1/√fan_in).</li>
 * </ul>
 */
public enum Init {
    GLOROT_UNIFORM,
    TORCH_DEFAULT;

    double weightLimit(int fanIn, int fanOut) {
        return this == GLOROT_UNIFORM ? Math.sqrt(6.0 / (fanIn + fanOut)) : 1.0 / Math.sqrt(fanIn);
    }

    double biasLimit(int fanIn) {
        return this == GLOROT_UNIFORM ? 0.0 : 1.0 / Math.sqrt(fanIn);
    }
}
