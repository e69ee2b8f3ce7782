package org.mbo4j.nn;

/**
 * The float32/float64 copies of {@link Conv1d}'s staging: double to float (rounding to nearest, as a {@code (float)}
 * cast) and float to double (exact), optionally adding a per-channel bias to tokens of {@code channels} values, and
 * the per-channel sums of the bias gradient. Conversions are exact or correctly rounded and every sum runs in token
 * order, so the SIMD loops ({@code VectorConversions}, used when the Vector API
 * is loaded and agrees at start-up) and {@link #SCALAR} give the same bits.
 */
interface Conversions {
    /** dst[to + i] = (float) src[from + i] for i &lt; n. */
    void toFloat(double[] src, int from, float[] dst, int to, int n);

    /**
     * dst[to + i] = src[from + i] (+ bias[i mod channels] when bias is non-null) for i &lt; n; with a bias, n is a
     * multiple of channels.
     */
    void toDouble(float[] src, int from, double[] dst, int to, int n, double[] bias, int channels);

    /**
     * sums[c] += src[from + t·channels + c] for t &lt; length, in token order (the bias gradient read while staging
     * dLoss/dy).
     */
    void addChannelSums(double[] src, int from, int length, int channels, double[] sums);

    /** Plain loops. */
    Conversions SCALAR = new Conversions() {
        @Override
        public void toFloat(double[] src, int from, float[] dst, int to, int n) {
            for (int i = 0; i < n; i++) dst[to + i] = (float) src[from + i];
        }

        @Override
        public void addChannelSums(double[] src, int from, int length, int channels, double[] sums) {
            for (int t = 0; t < length; t++) {
                int o = from + t * channels;
                for (int c = 0; c < channels; c++) sums[c] += src[o + c];
            }
        }

        @Override
        public void toDouble(float[] src, int from, double[] dst, int to, int n, double[] bias, int channels) {
            if (bias == null) {
                for (int i = 0; i < n; i++) dst[to + i] = src[from + i];
                return;
            }
            for (int h = 0; h < n; h += channels) {
                for (int c = 0; c < channels; c++) dst[to + h + c] = src[from + h + c] + bias[c];
            }
        }
    };

    /** The SIMD loops when loaded and agreeing with {@link #SCALAR}, else the scalar ones. */
    static Conversions get() {
        return Loaded.INSTANCE;
    }

    /** Holder, so that the check runs on first use. */
    final class Loaded {
        static final Conversions INSTANCE =
                VectorApi.load(Conversions.class, "VectorConversions", Loaded::agrees, SCALAR);

        private Loaded() {}

        /** Same bits as the scalar loops on values that round both ways, subnormals, ±0, ±∞, NaN, with tails. */
        static boolean agrees(Conversions simd) {
            int n = 57, channels = 19;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = Math.sin(i * 1.7) * Math.pow(10, i % 7 - 3) + 1e-9 * i;
            double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, -1e300, 1e-320, 3.4028235677973366e38};
            System.arraycopy(special, 0, d, 5, special.length);
            float[] f1 = new float[n], f2 = new float[n];
            simd.toFloat(d, 1, f1, 0, n - 1);
            SCALAR.toFloat(d, 1, f2, 0, n - 1);
            double[] bias = new double[channels];
            for (int c = 0; c < channels; c++) bias[c] = 0.1 * c - 0.7;
            double[] a1 = new double[n], a2 = new double[n], b1 = new double[n], b2 = new double[n];
            simd.toDouble(f2, 0, a1, 1, n - 1, null, 1);
            SCALAR.toDouble(f2, 0, a2, 1, n - 1, null, 1);
            simd.toDouble(f2, 0, b1, 0, 2 * channels, bias, channels);
            SCALAR.toDouble(f2, 0, b2, 0, 2 * channels, bias, channels);
            double[] s1 = new double[channels], s2 = new double[channels];
            simd.addChannelSums(d, 2, 2, channels, s1);
            SCALAR.addChannelSums(d, 2, 2, channels, s2);
            for (int c = 0; c < channels; c++) {
                if (Double.doubleToLongBits(s1[c]) != Double.doubleToLongBits(s2[c])) return false;
            }
            for (int i = 0; i < n; i++) {
                if (Float.floatToIntBits(f1[i]) != Float.floatToIntBits(f2[i])) return false;
                if (Double.doubleToLongBits(a1[i]) != Double.doubleToLongBits(a2[i])) return false;
                if (Double.doubleToLongBits(b1[i]) != Double.doubleToLongBits(b2[i])) return false;
            }
            return true;
        }
    }
}
