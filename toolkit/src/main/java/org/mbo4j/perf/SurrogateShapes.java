package org.mbo4j.perf;

/**
 * FLOP counts of an MLP d → h… → k (multiply-add = 2 FLOPs, element-wise ops not counted), as used by the
 * performance report for GFLOP/s.
 */
final class SurrogateShapes {
    private SurrogateShapes() {}

    /** Σ fan_in·fan_out over layers. */
    static double macs(int... sizes) {
        double s = 0;
        for (int l = 0; l + 1 < sizes.length; l++) s += (double) sizes[l] * sizes[l + 1];
        return s;
    }

    /** Forward FLOPs per example. */
    static double forward(int... sizes) {
        return 2 * macs(sizes);
    }

    /** Backward FLOPs per example for input gradients only (every layer's data gradient, incl. the first). */
    static double backwardInput(int... sizes) {
        return 2 * macs(sizes);
    }

    /** Backward FLOPs per example for weight gradients plus data gradients of all but the first layer. */
    static double backwardWeights(int... sizes) {
        return 2 * macs(sizes) + 2 * (macs(sizes) - (double) sizes[0] * sizes[1]);
    }
}
