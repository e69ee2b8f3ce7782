package org.mbo4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fixed-length sequences over a finite alphabet; a design holds class indices {@code 0..K-1}.
 * Symbols are single characters or short tokens; {@link #format} joins them without separators when
 * every symbol is one character.
 */
public final class SequenceSpace implements DesignSpace {
    /** DNA in Design-Bench's ordinal encoding: a=0, c=1, g=2, t=3. */
    public static final List<String> DNA = List.of("a", "c", "g", "t");

    private final int length;
    private final List<String> alphabet;

    private SequenceSpace(int length, List<String> alphabet) {
        if (length <= 0) throw new IllegalArgumentException("sequence length must be positive, got " + length);
        if (alphabet.size() < 2) {
            throw new IllegalArgumentException("an alphabet needs at least 2 symbols, got " + alphabet);
        }
        if (alphabet.stream().distinct().count() != alphabet.size()) {
            throw new IllegalArgumentException("alphabet symbols must be distinct, got " + alphabet);
        }
        this.length = length;
        this.alphabet = List.copyOf(alphabet);
    }

    public static SequenceSpace of(int length, List<String> alphabet) {
        return new SequenceSpace(length, alphabet);
    }

    public int length() {
        return length;
    }

    public int alphabetSize() {
        return alphabet.size();
    }

    public List<String> alphabet() {
        return alphabet;
    }

    @Override
    public int dims() {
        return length;
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    @Override
    public boolean contains(double[] x) {
        if (x.length != length) return false;
        for (double v : x) {
            if (!(v >= 0 && v < alphabet.size() && v == Math.rint(v))) return false;
        }
        return true;
    }

    @Override
    public double[] sample(Random rng) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) x[i] = rng.nextInt(alphabet.size());
        return x;
    }

    @Override
    public double[] project(double[] x) {
        double[] p = new double[length];
        for (int i = 0; i < length; i++) {
            double v = Double.isNaN(x[i]) ? 0 : Math.rint(x[i]);
            p[i] = Math.min(alphabet.size() - 1, Math.max(0, v));
        }
        return p;
    }

    /** Number of distinct sequences K^L, saturating at {@link Long#MAX_VALUE}. */
    public long distinctDesigns() {
        long n = 1;
        for (int i = 0; i < length; i++) {
            if (n > Long.MAX_VALUE / alphabet.size()) return Long.MAX_VALUE;
            n *= alphabet.size();
        }
        return n;
    }

    @Override
    public String coordinateName(int i) {
        return "p" + i;
    }

    @Override
    public String describe() {
        return "sequence of " + length + " over " + String.join("", alphabet);
    }

    /** The readable string of a design, e.g. {@code ACGTACGT} for DNA (upper-cased). */
    public String format(double[] x) {
        StringBuilder sb = new StringBuilder();
        boolean single = alphabet.stream().allMatch(s -> s.length() == 1);
        for (int i = 0; i < x.length; i++) {
            if (!single && i > 0) sb.append(' ');
            sb.append(alphabet.get((int) x[i]));
        }
        return single ? sb.toString().toUpperCase() : sb.toString();
    }

    /**
     * Parses a sequence string (case-insensitive for single-character alphabets).
     *
     * @throws IllegalArgumentException naming the bad symbol and the alphabet
     */
    public double[] parse(String s) {
        List<String> tokens = tokenize(s, alphabet);
        if (tokens.size() != length) {
            throw new IllegalArgumentException(
                    "sequence '" + s + "' has length " + tokens.size() + " but the space expects " + length);
        }
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            int k = indexOf(tokens.get(i));
            if (k < 0) {
                throw new IllegalArgumentException("unknown symbol '" + tokens.get(i) + "' at position " + i + " of '"
                        + s + "'; the alphabet is " + alphabet);
            }
            x[i] = k;
        }
        return x;
    }

    private int indexOf(String token) {
        for (int k = 0; k < alphabet.size(); k++) {
            if (alphabet.get(k).equalsIgnoreCase(token)) return k;
        }
        return -1;
    }

    /** Splits a sequence into symbols: characters for single-character alphabets, else whitespace tokens. */
    public static List<String> tokenize(String s, List<String> alphabet) {
        String t = s.trim();
        boolean single = alphabet == null || alphabet.stream().allMatch(a -> a.length() == 1);
        List<String> out = new ArrayList<>();
        if (single && !t.contains(" ")) {
            for (int i = 0; i < t.length(); i++) out.add(String.valueOf(t.charAt(i)));
        } else {
            for (String tok : t.split("\\s+")) if (!tok.isEmpty()) out.add(tok);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceSpace s && s.length == length && s.alphabet.equals(alphabet);
    }

    @Override
    public int hashCode() {
        return 31 * length + alphabet.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
