package org.mbo4j.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Encodes XChart charts as PNG bytes, base64 PNG (for Jupyter's {@code image/png}) or SVG text. PNGs are drawn at
 * {@value #SCALE}× the chart's width and height (a 640×420 chart gives a 1280×840 image), so they stay sharp on
 * high-density screens; the notebook shows them at the chart's own size.
 */
public final class ChartImages {
    /** Pixels per chart unit in PNGs. */
    public static final int SCALE = 2;

    private ChartImages() {}

    /** The chart as PNG bytes, {@value #SCALE}× its width and height. */
    public static byte[] png(Chart<?, ?> chart) {
        return png(
                chart.getWidth(),
                chart.getHeight(),
                chart.getTitle(),
                g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
    }

    /** A grid of charts as one PNG, {@value #SCALE}× its width and height; white where a row is shorter. */
    public static byte[] png(ChartGrid grid) {
        return png(grid.width(), grid.height(), grid.title(), g -> {
            int y = 0;
            for (int r = 0; r < grid.rows(); r++) {
                int x = 0;
                for (int c = r * grid.columns(); c < Math.min(grid.charts().size(), (r + 1) * grid.columns()); c++) {
                    Chart<?, ?> chart = grid.charts().get(c);
                    Graphics2D cell = (Graphics2D) g.create(x, y, chart.getWidth(), chart.getHeight());
                    try {
                        chart.paint(cell, chart.getWidth(), chart.getHeight());
                    } finally {
                        cell.dispose();
                    }
                    x += chart.getWidth();
                }
                y += grid.rowHeight(r);
            }
        });
    }

    /** Paints {@code width × height} chart units at {@value #SCALE}× on white, antialiased, and encodes a PNG. */
    private static byte[] png(int width, int height, String title, Consumer<Graphics2D> painter) {
        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(SCALE, SCALE);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart '" + title + "' as PNG", e);
        }
    }

    /** {@link #png(ChartGrid)} base64-encoded, for Jupyter's {@code image/png}. */
    public static String pngBase64(ChartGrid grid) {
        return Base64.getEncoder().encodeToString(png(grid));
    }

    /** The chart as base64-encoded PNG ({@link #png}), the form Jupyter expects for {@code image/png}. */
    public static String pngBase64(Chart<?, ?> chart) {
        return Base64.getEncoder().encodeToString(png(chart));
    }

    /** The chart as an SVG document. */
    public static String svg(Chart<?, ?> chart) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart '" + chart.getTitle() + "' as SVG", e);
        }
    }
}
