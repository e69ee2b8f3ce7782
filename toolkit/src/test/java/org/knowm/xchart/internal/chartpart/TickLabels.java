package org.knowm.xchart.internal.chartpart;

import java.util.List;

/**
 * Test helper: the tick labels XChart chose when it last painted a chart. Lives in XChart's package because the
 * axes are package-private there; tests only.
 */
public final class TickLabels {
    private TickLabels() {}

    /** The x axis labels of the last paint. */
    public static List<String> x(Chart<?, ?> chart) {
        return List.copyOf(
                chart.getAxisPair().getXAxis().getAxisTickCalculator().getTickLabels());
    }

    /** The y axis labels of the last paint. */
    public static List<String> y(Chart<?, ?> chart) {
        return List.copyOf(
                chart.getAxisPair().getYAxis().getAxisTickCalculator().getTickLabels());
    }
}
