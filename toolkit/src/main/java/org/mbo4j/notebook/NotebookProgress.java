package org.mbo4j.notebook;

import java.util.concurrent.atomic.AtomicLong;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.mbo4j.util.Progress;

/**
 * Progress bars in the notebook: one display per bar, updated in place (Jupyter's {@code update_display_data})
 * at most 5 times a second with label, bar, count, elapsed time, ETA and the caller's status (e.g. loss).
 * Installed by {@link Mbo4jExtension}; outside a running cell it draws nothing.
 */
public final class NotebookProgress implements Progress.Sink {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;
    private static final AtomicLong IDS = new AtomicLong();
    private final DisplayStream display;

    public NotebookProgress(DisplayStream display) {
        this.display = display;
    }

    @Override
    public Progress.Bar start(String label, long total) {
        return new Bar(label, total);
    }

    /** The plain text of one bar state: label, count, elapsed&lt;ETA, status. */
    static String text(String label, long done, long total, long startNanos, String status) {
        return Progress.describe(label, done, total, startNanos, status, f -> "")
                .replaceAll("\\s+", " ")
                .trim();
    }

    /** The HTML of one bar state (shared with tests). */
    static String html(String label, long done, long total, long startNanos, String status) {
        double frac = total <= 0 ? 0 : Math.min(1.0, done / (double) total);
        return "<div class=\"mbo4j-progress\" style=\"font-family:monospace\">"
                + "<progress value=\"" + Math.round(frac * 1000) + "\" max=\"1000\" style=\"width:16em\"></progress> "
                + Html.escape(text(label, done, total, startNanos, status)) + "</div>";
    }

    private final class Bar implements Progress.Bar {
        private final String label;
        private final long total;
        private final long start = System.nanoTime();
        private final String id = "mbo4j-progress-" + IDS.incrementAndGet();
        private long done;
        private long lastDraw;
        private String status = "";
        private boolean shown;

        Bar(String label, long total) {
            this.label = label;
            this.total = total;
            draw(true);
        }

        @Override
        public synchronized void step(String s) {
            set(done + 1, s);
        }

        @Override
        public synchronized void set(long d, String s) {
            done = d;
            status = s == null ? "" : s;
            draw(done >= total);
        }

        @Override
        public synchronized void close() {
            draw(true);
        }

        private void draw(boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastDraw < MIN_INTERVAL_NANOS) return;
            if (!display.isAttached()) return;
            lastDraw = now;
            DisplayData data = new DisplayData(text(label, done, total, start, status));
            data.putHTML(html(label, done, total, start, status));
            if (!shown) {
                data.setDisplayId(id);
                display.display(data);
                shown = true;
            } else {
                display.updateDisplay(id, data);
            }
        }
    }
}
