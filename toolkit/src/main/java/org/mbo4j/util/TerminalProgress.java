package org.mbo4j.util;

import java.io.PrintStream;

/** A single-line terminal progress bar on stderr, redrawn at most 10 times a second. */
final class TerminalProgress implements Progress.Bar {
    private static final int WIDTH = 24;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private final PrintStream out = System.err;
    private long done;
    private long lastDraw;

    TerminalProgress(String label, long total) {
        this.label = label;
        this.total = total;
        draw("", true);
    }

    @Override
    public synchronized void step(String status) {
        set(done + 1, status);
    }

    @Override
    public synchronized void set(long d, String status) {
        done = d;
        draw(status, done >= total);
    }

    private void draw(String status, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        String line = Progress.describe(label, done, total, start, status, frac -> {
            int filled = (int) Math.round(frac * WIDTH);
            return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
        });
        out.print("\r" + line + "\u001b[K");
        out.flush();
    }

    @Override
    public synchronized void close() {
        draw("", true);
        out.println();
    }
}
