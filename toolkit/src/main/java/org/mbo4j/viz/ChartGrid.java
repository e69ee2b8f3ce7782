package org.mbo4j.viz;

import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Several charts drawn as one figure, row by row, {@code columns} to a row (pairwise Pareto panels, for instance). The
 * notebook shows it as one PNG ({@link ChartImages#png(ChartGrid)}); every chart keeps its own size, and a row is as
 * tall as its tallest chart.
 *
 * @param title   what the figure shows (its text form in a notebook)
 * @param charts  the panels, in reading order (at least one)
 * @param columns panels per row (at least 1)
 */
public record ChartGrid(String title, List<Chart<?, ?>> charts, int columns) {
    public ChartGrid {
        if (charts == null || charts.isEmpty()) throw new IllegalArgumentException("a chart grid needs a chart");
        if (columns < 1) throw new IllegalArgumentException("a chart grid needs at least one column, got " + columns);
        charts = List.copyOf(charts);
    }

    /** Rows of the grid. */
    public int rows() {
        return (charts.size() + columns - 1) / columns;
    }

    /** The figure's width: the widest row's total width. */
    public int width() {
        int best = 0;
        for (int r = 0; r < rows(); r++) {
            int w = 0;
            for (int c = r * columns; c < Math.min(charts.size(), (r + 1) * columns); c++)
                w += charts.get(c).getWidth();
            best = Math.max(best, w);
        }
        return best;
    }

    /** The figure's height: the sum over rows of each row's tallest chart. */
    public int height() {
        int h = 0;
        for (int r = 0; r < rows(); r++) h += rowHeight(r);
        return h;
    }

    int rowHeight(int r) {
        int h = 0;
        for (int c = r * columns; c < Math.min(charts.size(), (r + 1) * columns); c++) {
            h = Math.max(h, charts.get(c).getHeight());
        }
        return h;
    }
}
