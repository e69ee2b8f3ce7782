package org.mbo4j.nn;

import java.util.stream.IntStream;

/**
 * The neural tangent kernel Θ(x, x') of an infinitely wide fully connected ReLU network in the NTK parameterisation
 * with weight standard deviation 1 and no biases: {@code depth} blocks Dense → ReLU, then a last Dense; BDI's
 * {@code stax.serial(Dense(1), Relu(), …, Dense(1))} with 5 ReLUs ({@code GGchen1997/BDI}, {@code BDI.py} 39–40).
 *
 * <p><b>Contract.</b> Computed as neural-tangents 0.3.9 computes it ({@code neural_tangents/stax.py}: the inputs'
 * kernel {@code _cov}, x·x'/D, lines 4243–4285; {@code Dense}'s kernel in the NTK parameterisation, nngp ← nngp
 * and ntk ← nngp + ntk, 1110–1120; {@code ABRelu(0, 1)}'s {@code nngp_ntk_fn}, 3281–3292). With c the pair's nngp and q₁, q₂ the two
 * diagonals, one ReLU does
 * <pre>
 *   r = √max(q₁q₂ − c², 0),  θ = atan2(r, c),  σ̇ = ½ − θ/(2π)
 *   c ← r/(2π) + σ̇·c,  Θ ← σ̇·Θ,  q₁ ← q₁/2,  q₂ ← q₂/2
 * </pre>
 * and the Dense after it adds c to Θ. The input layer starts at c = x·x'/D, q = |x|²/D, Θ = c. The gradient of
 * r follows neural-tangents' safe square root ({@code _sqrt_jvp}, 4688–4694): zero where q₁q₂ − c² ≤ 1e-30, so a
 * pair of equal designs has a finite gradient. {@link #partials} gives ∂Θ/∂c, ∂Θ/∂q₁, ∂Θ/∂q₂, from which the
 * gradient in x is ∂Θ/∂c·x'/D + 2∂Θ/∂q₁·x/D. Immutable; thread-safe.
 */
public final class ReluNtk {
    private static final double SQRT_TOL = 1e-30;
    static final double TWO_PI = 2 * Math.PI;

    private final int depth;

    /** @param depth the number of ReLU layers (BDI: 5) */
    public ReluNtk(int depth) {
        if (depth < 0) throw new IllegalArgumentException("the ReLU depth must be ≥ 0, got " + depth);
        this.depth = depth;
    }

    public int depth() {
        return depth;
    }

    /** Θ(x, x'). */
    public double value(double[] x, double[] xp) {
        if (x.length != xp.length) {
            throw new IllegalArgumentException("the designs have " + x.length + " and " + xp.length + " inputs");
        }
        int d = x.length;
        return value(dot(x, xp) / d, dot(x, x) / d, dot(xp, xp) / d);
    }

    /** Θ from the input layer's nngp c = x·x'/D and diagonals q₁ = |x|²/D, q₂ = |x'|²/D. */
    public double value(double c, double q1, double q2) {
        double ntk = c;
        for (int l = 0; l < depth; l++) {
            double r = Math.sqrt(Math.max(q1 * q2 - c * c, 0));
            double dot = 0.5 - angle(r, c) / TWO_PI;
            c = r / TWO_PI + dot * c;
            ntk = dot * ntk + c;
            q1 *= 0.5;
            q2 *= 0.5;
        }
        return ntk;
    }

    /**
     * Θ(c, q₁, q₂) and its partial derivatives, by reverse-mode differentiation of the recursion.
     *
     * @param out receives ∂Θ/∂c, ∂Θ/∂q₁, ∂Θ/∂q₂ (length ≥ 3)
     * @return Θ
     */
    public double partials(double c, double q1, double q2, double[] out) {
        return partials(c, q1, q2, out, new double[scratchSize()]);
    }

    /** Scratch length {@link #partials(double, double, double, double[], double[])} needs. */
    public int scratchSize() {
        return 5 * depth + 2;
    }

    /** {@link #partials(double, double, double, double[])} with caller-owned scratch (no allocation per call). */
    public double partials(double c, double q1, double q2, double[] out, double[] scratch) {
        // scratch layout: c_0..c_L | ntk_0..ntk_L | r_0..r_{L-1} | σ̇_0..σ̇_{L-1} | p_0..p_{L-1}
        final int cs = 0;
        final int ntks = depth + 1;
        final int rs = 2 * depth + 2;
        final int dots = 3 * depth + 2;
        final int ps = 4 * depth + 2;
        double[] w = scratch;
        w[cs] = c;
        w[ntks] = c;
        double a = q1;
        double b = q2;
        for (int l = 0; l < depth; l++) {
            double cl = w[cs + l];
            w[ps + l] = a * b - cl * cl;
            w[rs + l] = Math.sqrt(Math.max(w[ps + l], 0));
            w[dots + l] = 0.5 - angle(w[rs + l], cl) / TWO_PI;
            w[cs + l + 1] = w[rs + l] / TWO_PI + w[dots + l] * cl;
            w[ntks + l + 1] = w[dots + l] * w[ntks + l] + w[cs + l + 1];
            a *= 0.5;
            b *= 0.5;
        }
        // backward: adjoints of ntk_l, c_l, and of the layer's q₁, q₂ (each halves per layer)
        double gNtk = 1;
        double gC = 0;
        double gA = 0;
        double gB = 0;
        for (int l = depth - 1; l >= 0; l--) {
            double al = q1 / (1L << l);
            double bl = q2 / (1L << l);
            // ntk_{l+1} = dot·ntk_l + c_{l+1}
            double gCnext = gC + gNtk;
            double gDot = gNtk * w[ntks + l];
            gNtk *= w[dots + l];
            // c_{l+1} = r/(2π) + dot·c_l
            double gR = gCnext / TWO_PI;
            gDot += gCnext * w[cs + l];
            double gCl = gCnext * w[dots + l];
            // dot = ½ − atan2(r, c_l)/(2π); ∂atan2(r, c)/∂r = c/(r² + c²), ∂/∂c = −r/(r² + c²)
            double den = w[rs + l] * w[rs + l] + w[cs + l] * w[cs + l];
            if (den > 0) {
                double gTheta = -gDot / TWO_PI;
                gR += gTheta * w[cs + l] / den;
                gCl -= gTheta * w[rs + l] / den;
            }
            // r = √max(p, 0) with p = a·b − c_l², the safe square root's derivative
            if (w[ps + l] > SQRT_TOL) {
                double gP = gR / (2 * w[rs + l]);
                gA += gP * bl / (1L << l);
                gB += gP * al / (1L << l);
                gCl -= gP * 2 * w[cs + l];
            }
            gC = gCl;
        }
        // the input layer: ntk_0 = c_0
        out[0] = gC + gNtk;
        out[1] = gA;
        out[2] = gB;
        return w[ntks + depth];
    }

    /**
     * The lower triangle of the Gram matrix Θ(xᵢ, xⱼ) of the rows, handed to {@code out} row by row (row i: entries
     * 0..i), computed on the common fork-join pool; deterministic (every entry is computed on its own). Each row's
     * recursion runs in the Vector API when the module is loaded ({@code VectorNtk}), bit for bit equal to
     * {@link #value(double, double, double)} of x·x'/D and the diagonals.
     */
    public void gram(double[][] x, GramSink out) {
        int n = x.length;
        int d = x[0].length;
        double[] q = new double[n];
        for (int i = 0; i < n; i++) q[i] = dot(x[i], x[i]) / d;
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] row = new double[i + 1];
            for (int j = 0; j <= i; j++) row[j] = dot(x[i], x[j]) / d;
            rows().values(row, q[i], q, i + 1, depth, row);
            out.lowerRow(i, row);
        });
    }

    /**
     * Θ for many pairs at once: {@code out[j] = value(c[j], qi, q[j])} for j &lt; n ({@code out} may be {@code c}). The
     * SIMD implementation ({@code VectorNtk}, 8 double lanes with AVX-512) evaluates the same operations per lane,
     * so it equals the scalar loop bit for bit (checked when loaded, and tested).
     */
    interface Rows {
        void values(double[] c, double qi, double[] q, int n, int depth, double[] out);
    }

    /** The scalar loop. */
    static final Rows SCALAR_ROWS = (c, qi, q, n, depth, out) -> {
        ReluNtk k = new ReluNtk(depth);
        for (int j = 0; j < n; j++) out[j] = k.value(c[j], qi, q[j]);
    };

    /**
     * The SIMD rows when {@code jdk.incubator.vector} is loaded and agrees with the scalar loop, else the scalar (in
     * a holder: the check needs this class's constants initialised).
     */
    static Rows rows() {
        return RowsHolder.ROWS;
    }

    private static final class RowsHolder {
        static final Rows ROWS = loadRows();
    }

    private static Rows loadRows() {
        return VectorApi.load(Rows.class, "VectorNtk", ReluNtk::agrees, SCALAR_ROWS);
    }

    /** Whether {@code simd} computes the scalar rows bit for bit on a few values, zeros of both signs included. */
    private static boolean agrees(Rows simd) {
        int n = 29;
        double[] c = new double[n], q = new double[n], a = new double[n], b = new double[n];
        for (int j = 0; j < n; j++) {
            q[j] = 0.5 + j % 7;
            c[j] = j == 0 ? 0 : j == 1 ? -0.0 : Math.sin(3.0 * j) * Math.sqrt(q[j] * 1.5) * (j % 5 == 0 ? 1 : 0.9);
        }
        q[0] = 0; // c = 0 and r = 0: atan2's own case
        simd.values(c, 1.5, q, n, 5, a);
        SCALAR_ROWS.values(c, 1.5, q, n, 5, b);
        for (int j = 0; j < n; j++) {
            if (Double.doubleToRawLongBits(a[j]) != Double.doubleToRawLongBits(b[j])) return false;
        }
        return true;
    }

    /** Receives the lower triangle of a Gram matrix row by row (row i: entries 0..i), possibly from many threads. */
    @FunctionalInterface
    public interface GramSink {
        void lowerRow(int i, double[] values);
    }

    /**
     * g(s) = atan(√s)/√s on [0, tan²(π/8)] as a degree-11 polynomial in s, g(0) = 1 held: a relative least-squares
     * fit in 60-digit arithmetic rounded to doubles, within 6.8e-17 of g in double Horner evaluation
     * ({@code crosscheck/atan_poly_fit.py} derives and checks them).
     */
    static final double[] ATAN = {
        1.0,
        -0.33333333333333187,
        0.1999999999995094,
        -0.1428571427995913,
        0.11111110772667618,
        -0.09090897471908112,
        0.07692055490588258,
        -0.06663053814161533,
        0.058475455697872096,
        -0.050378420221120136,
        0.038029343584793096,
        -0.017870555997701647
    };

    static final double TAN_PI_8 = 0.41421356237309503;
    /** π − Math.PI: the double π's rounding error, added back where π enters. */
    static final double PI_LO = 1.2246467991473532e-16;

    /**
     * θ = atan2(r, c) for r ≥ 0, in [0, π], in plain double arithmetic without branches on the data (JDK 17's
     * {@code Math.atan2} is a native fdlibm call, not a compiler intrinsic): with a = |c|, φ = atan(t) with
     * t = min(r, a)/max(r, a) (min(r, a) itself when max(r, a) = 0), π/2 − φ when r &gt; a, and π − that when c's
     * sign bit is set; atan on [0, 1] is u·g(u²) for t ≤ tan(π/8) and π/4 + u·g(u²) with u = (t − 1)/(t + 1) above
     * it, g the polynomial {@link #ATAN}; π's rounding error is added back. Within 3 ulps of {@code Math.atan2}'s θ
     * (tested; for r &gt; 0 and c = −0.0 it gives π/2 + 1 ulp), equal to it at (0, ±0); a NaN argument gives NaN.
     * {@code VectorNtk} does the same operations lane-wise, so the two agree bit for bit.
     */
    static double angle(double r, double c) {
        double a = Math.abs(c);
        boolean swap = r > a;
        double num = swap ? a : r;
        double den = swap ? r : a;
        double t = den == 0 ? num : num / den; // num is 0 there, or NaN
        boolean small = t <= TAN_PI_8;
        double u = small ? t : (t - 1) / (t + 1);
        double up = u * poly(u * u);
        double phi = small ? up : up + PI_LO / 4 + Math.PI / 4;
        if (swap) phi = Math.PI / 2 - (phi - PI_LO / 2);
        return Double.doubleToRawLongBits(c) >= 0 ? phi : Math.PI - (phi - PI_LO);
    }

    private static double poly(double s) {
        double p = ATAN[11];
        for (int k = 10; k >= 0; k--) p = p * s + ATAN[k];
        return p;
    }

    /** Σⱼ aⱼbⱼ, summed in index order (the input kernel is dot(x, x')/D). */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }
}
