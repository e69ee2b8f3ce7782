package org.mbo4j.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.theme.AbstractBaseTheme;

/**
 * The one look of the toolkit's charts, after a paper's figures: white background, a thin grey plot border and light
 * grid, sans-serif fonts readable at the chart's own size (title {@value #TITLE_PT} pt, axis titles
 * {@value #AXIS_TITLE_PT} pt, tick labels and legend {@value #TICK_PT} pt) and the Okabe–Ito palette, which stays
 * distinguishable under the common colour-vision deficiencies (Okabe and Ito, "Color Universal Design", 2008;
 * Wong, Nature Methods 8:441, 2011). {@link Plots} applies it to every chart it makes; apply it to a chart of your
 * own with {@code Plots.theme(chart)} right after building it.
 */
public final class PaperTheme extends AbstractBaseTheme {
    /** Title size in points. */
    public static final int TITLE_PT = 16;
    /** Axis title size in points. */
    public static final int AXIS_TITLE_PT = 14;
    /** Tick label and legend size in points. */
    public static final int TICK_PT = 13;

    /** Okabe–Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black. */
    public static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)
    };

    /** Text, axes and tick marks. */
    public static final Color INK = new Color(0x222222);
    /** Grid lines. */
    public static final Color GRID = new Color(0xE3E3E3);

    private static final String FAMILY = Font.SANS_SERIF;

    @Override
    public Font getBaseFont() {
        return new Font(FAMILY, Font.PLAIN, TICK_PT);
    }

    @Override
    public Color getChartBackgroundColor() {
        return Color.WHITE;
    }

    @Override
    public Color getChartFontColor() {
        return INK;
    }

    @Override
    public Color[] getSeriesColors() {
        return PALETTE.clone();
    }

    @Override
    public Marker[] getSeriesMarkers() {
        return new Marker[] {
            SeriesMarkers.CIRCLE,
            SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN,
            SeriesMarkers.CROSS
        };
    }

    @Override
    public BasicStroke[] getSeriesLines() {
        return new BasicStroke[] {new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)};
    }

    @Override
    public Font getChartTitleFont() {
        return new Font(FAMILY, Font.BOLD, TITLE_PT);
    }

    @Override
    public boolean isChartTitleBoxVisible() {
        return false;
    }

    @Override
    public Color getChartTitleBoxBackgroundColor() {
        return Color.WHITE;
    }

    @Override
    public Color getChartTitleBoxBorderColor() {
        return Color.WHITE;
    }

    @Override
    public Font getLegendFont() {
        return new Font(FAMILY, Font.PLAIN, TICK_PT);
    }

    @Override
    public Color getLegendBackgroundColor() {
        return Color.WHITE;
    }

    @Override
    public Color getLegendBorderColor() {
        return Color.WHITE;
    }

    @Override
    public int getLegendPadding() {
        return 14;
    }

    @Override
    public int getLegendSeriesLineLength() {
        return 28;
    }

    @Override
    public Styler.LegendPosition getLegendPosition() {
        return Styler.LegendPosition.OutsideE;
    }

    @Override
    public Color getPlotBackgroundColor() {
        return Color.WHITE;
    }

    @Override
    public Color getPlotBorderColor() {
        return new Color(0x888888);
    }

    @Override
    public Color getPlotGridLinesColor() {
        return GRID;
    }

    @Override
    public BasicStroke getPlotGridLinesStroke() {
        return new BasicStroke(1f);
    }

    @Override
    public boolean isPlotTicksMarksVisible() {
        return false;
    }

    @Override
    public Font getAxisTitleFont() {
        return new Font(FAMILY, Font.PLAIN, AXIS_TITLE_PT);
    }

    @Override
    public Font getAxisTickLabelsFont() {
        return new Font(FAMILY, Font.PLAIN, TICK_PT);
    }

    @Override
    public Color getAxisTickMarksColor() {
        return INK;
    }

    @Override
    public Color getAxisTickLabelsColor() {
        return INK;
    }

    @Override
    public int getXAxisTickMarkSpacingHint() {
        return 90;
    }

    @Override
    public int getYAxisTickMarkSpacingHint() {
        return 60;
    }
}
