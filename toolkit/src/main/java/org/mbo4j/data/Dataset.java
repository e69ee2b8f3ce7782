package org.mbo4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.mbo4j.util.Matrices;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * An immutable offline dataset: n designs (n×d) in a {@link DesignSpace} and their n×m scores.
 *
 * <p>{@link #table()} gives a Tablesaw view; discrete designs also appear as a readable string column
 * (e.g. {@code ACGTACGT}).
 */
public final class Dataset {
    private final DesignSpace space;
    private final double[][] x;
    private final double[][] y;
    private final List<String> scoreNames;

    private Dataset(DesignSpace space, double[][] x, double[][] y, List<String> scoreNames) {
        this.space = space;
        this.x = x;
        this.y = y;
        this.scoreNames = List.copyOf(scoreNames);
    }

    /**
     * Builds a dataset after validating shapes, finiteness and membership of every design in the space.
     *
     * @throws IllegalArgumentException naming the offending row and what to fix
     */
    public static Dataset of(DesignSpace space, double[][] designs, double[][] scores, List<String> scoreNames) {
        if (designs.length == 0) throw new IllegalArgumentException("the dataset is empty: it needs at least one row");
        if (designs.length != scores.length) {
            throw new IllegalArgumentException(
                    "designs have " + designs.length + " rows but scores have " + scores.length);
        }
        int m = scoreNames.size();
        if (m == 0) throw new IllegalArgumentException("a dataset needs at least one score column");
        double[][] xs = new double[designs.length][];
        double[][] ys = new double[scores.length][];
        for (int i = 0; i < designs.length; i++) {
            if (scores[i].length != m) {
                throw new IllegalArgumentException("score row " + i + " has " + scores[i].length + " values, expected "
                        + m + " (" + scoreNames + ")");
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(scores[i][j])) {
                    throw new IllegalArgumentException("score '" + scoreNames.get(j) + "' in row " + i + " is "
                            + scores[i][j] + "; remove the row or fix the value");
                }
            }
            for (double v : designs[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "design row " + i + " contains " + v + "; remove the row or fix the value");
                }
            }
            xs[i] = designs[i].clone();
            ys[i] = scores[i].clone();
        }
        space.requireContains(xs, "design");
        return new Dataset(space, xs, ys, scoreNames);
    }

    /** Single-objective convenience: scores given as a vector named {@code y}. */
    public static Dataset of(DesignSpace space, double[][] designs, double[] scores) {
        double[][] ys = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) ys[i] = new double[] {scores[i]};
        return of(space, designs, ys, List.of("y"));
    }

    public DesignSpace space() {
        return space;
    }

    public int size() {
        return x.length;
    }

    public int dims() {
        return space.dims();
    }

    public int objectives() {
        return scoreNames.size();
    }

    public List<String> scoreNames() {
        return scoreNames;
    }

    /** A copy of design row i. */
    public double[] design(int i) {
        return x[i].clone();
    }

    /** A copy of score row i. */
    public double[] score(int i) {
        return y[i].clone();
    }

    /** Score j of row i, without copying. */
    public double score(int i, int j) {
        return y[i][j];
    }

    /** Design value (row i, coordinate j), without copying. */
    public double design(int i, int j) {
        return x[i][j];
    }

    /** A deep copy of all designs (n×d). */
    public double[][] designs() {
        return Matrices.copy(x);
    }

    /** A deep copy of all scores (n×m). */
    public double[][] scores() {
        return Matrices.copy(y);
    }

    /** Column j of the scores. */
    public double[] scoreColumn(int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < c.length; i++) c[i] = y[i][j];
        return c;
    }

    /** Minimum of each score column. */
    public double[] scoreMin() {
        double[] r = new double[objectives()];
        for (int j = 0; j < r.length; j++)
            r[j] = Arrays.stream(scoreColumn(j)).min().orElseThrow();
        return r;
    }

    /** Maximum of each score column. */
    public double[] scoreMax() {
        double[] r = new double[objectives()];
        for (int j = 0; j < r.length; j++)
            r[j] = Arrays.stream(scoreColumn(j)).max().orElseThrow();
        return r;
    }

    /** Row indices sorted by score column 0, best first (higher is better when {@code maximize}). Stable. */
    public int[] rankBy(int objective, boolean maximize) {
        Comparator<Integer> c = Comparator.comparingDouble(i -> y[i][objective]);
        if (maximize) c = c.reversed();
        return IntStream.range(0, x.length)
                .boxed()
                .sorted(c)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** The rows at {@code rows}, in that order. */
    public Dataset subset(int[] rows) {
        double[][] xs = new double[rows.length][];
        double[][] ys = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            xs[i] = x[rows[i]].clone();
            ys[i] = y[rows[i]].clone();
        }
        if (rows.length == 0) throw new IllegalArgumentException("subset selects no rows");
        return new Dataset(space, xs, ys, scoreNames);
    }

    /**
     * A Tablesaw view: one column per coordinate ({@code x0..}, or integer {@code p0..} for sequences),
     * a {@code sequence} string column for discrete designs, and one column per score.
     */
    public Table table() {
        return toTable("dataset", space, x, y, scoreNames);
    }

    /** Tablesaw table of arbitrary designs/scores in {@code space}; {@code scores} may be null. */
    public static Table toTable(
            String name, DesignSpace space, double[][] designs, double[][] scores, List<String> scoreNames) {
        Table t = Table.create(name);
        if (space instanceof SequenceSpace seq) {
            List<String> strings = new ArrayList<>(designs.length);
            for (double[] d : designs) strings.add(seq.format(d));
            t.addColumns(StringColumn.create("sequence", strings));
            for (int j = 0; j < space.dims(); j++) {
                int[] col = new int[designs.length];
                for (int i = 0; i < designs.length; i++) col[i] = (int) designs[i][j];
                t.addColumns(IntColumn.create(space.coordinateName(j), col));
            }
        } else {
            for (int j = 0; j < space.dims(); j++) {
                double[] col = new double[designs.length];
                for (int i = 0; i < designs.length; i++) col[i] = designs[i][j];
                t.addColumns(DoubleColumn.create(space.coordinateName(j), col));
            }
        }
        if (scores != null) {
            for (int j = 0; j < scoreNames.size(); j++) {
                double[] col = new double[scores.length];
                for (int i = 0; i < scores.length; i++) col[i] = scores[i][j];
                t.addColumns(DoubleColumn.create(scoreNames.get(j), col));
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " × " + dims() + " designs in " + space.describe() + ", scores " + scoreNames
                + "]";
    }
}
