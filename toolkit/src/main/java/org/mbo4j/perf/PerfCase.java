package org.mbo4j.perf;

/**
 * One measured case: seconds per unit of work, samples processed per unit, and floating-point operations per
 * unit (multiply-adds counted as 2), from which samples/s and GFLOP/s follow.
 */
public record PerfCase(String name, String description, double seconds, double samples, double flops) {
    public double samplesPerSecond() {
        return samples / seconds;
    }

    public double gflops() {
        return flops / seconds / 1e9;
    }
}
