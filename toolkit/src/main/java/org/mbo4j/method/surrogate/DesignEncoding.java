package org.mbo4j.method.surrogate;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.Relaxation;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.data.Standardizer;

/**
 * How design-baselines feeds designs to a surrogate, and how it maps the surrogate's inputs back to designs:
 * discrete designs become Design-Bench logits ({@link Relaxation#toLogits}, L×(K−1) values), then optionally
 * z-scored with the visible data's statistics ({@code map_normalize_x}); decoding inverts the z-score and takes
 * {@link Relaxation#toIntegers} (discrete) or clips to the box (continuous). Immutable.
 */
public final class DesignEncoding {
    private final DesignSpace space;
    private final Standardizer xScale;

    private DesignEncoding(DesignSpace space, Standardizer xScale) {
        this.space = space;
        this.xScale = xScale;
    }

    /**
     * Fits the encoding on the visible designs.
     *
     * @param normalizeX z-score inputs (design-baselines {@code normalize_xs})
     */
    public static DesignEncoding fit(DesignSpace space, double[][] designs, boolean normalizeX) {
        double[][] raw = relax(space, designs);
        Standardizer s = normalizeX ? Standardizer.fit(raw) : Standardizer.identity(raw[0].length);
        return new DesignEncoding(space, s);
    }

    public DesignSpace space() {
        return space;
    }

    /** Number of model inputs per design (L·(K−1) for sequences, d for boxes). */
    public int inputDim() {
        return xScale.columns();
    }

    /** Designs to model inputs. */
    public double[][] encode(double[][] designs) {
        return xScale.apply(relax(space, designs));
    }

    /** Model inputs back to admissible designs. */
    public double[][] decode(double[][] inputs) {
        double[][] raw = xScale.invert(inputs);
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = space instanceof SequenceSpace seq
                    ? Relaxation.toIntegers(raw[i], seq.alphabetSize())
                    : space.project(raw[i]);
        }
        return out;
    }

    /** Per-input scale (std) of the encoding, e.g. to express box bounds in model units. */
    public double scale(int j) {
        return xScale.std(j);
    }

    /** Per-input offset (mean) of the encoding. */
    public double offset(int j) {
        return xScale.mean(j);
    }

    private static double[][] relax(DesignSpace space, double[][] designs) {
        if (space instanceof SequenceSpace seq) return Relaxation.toLogits(designs, seq.alphabetSize());
        if (space instanceof ContinuousSpace) {
            double[][] c = new double[designs.length][];
            for (int i = 0; i < designs.length; i++) c[i] = designs[i].clone();
            return c;
        }
        throw new IllegalArgumentException("unsupported design space " + space);
    }
}
