package org.mbo4j.util;

import java.util.Objects;
import java.util.function.Function;

/**
 * Progress reporting for long operations (training, search, benchmarks). The sink is global and swappable:
 * the CLI uses a terminal bar, the notebook integration updates one display in place, tests are quiet
 * ({@code MBO4J_QUIET=1}).
 *
 * <pre>{@code
 * try (var bar = Progress.start("train", epochs)) {
 *     for (...) bar.step("loss=0.12");
 * }
 * }</pre>
 */
public final class Progress {
    /** One running progress display. */
    public interface Bar extends AutoCloseable {
        /** Advances by one unit and shows {@code status}. */
        void step(String status);

        /** Sets the absolute position. */
        void set(long done, String status);

        @Override
        void close();
    }

    /** Creates bars for a label and a total number of units. */
    public interface Sink {
        Bar start(String label, long total);
    }

    private static final Sink QUIET = (label, total) -> new Bar() {
        @Override
        public void step(String status) {}

        @Override
        public void set(long done, String status) {}

        @Override
        public void close() {}
    };

    private static volatile Sink sink = defaultSink();

    private Progress() {}

    private static Sink defaultSink() {
        String q = System.getenv("MBO4J_QUIET");
        if (q != null && !q.isBlank() && !q.equals("0")) return QUIET;
        return TerminalProgress::new;
    }

    /** Starts a bar on the current sink. */
    public static Bar start(String label, long total) {
        return sink.start(label, total);
    }

    /** Replaces the global sink (e.g. with the notebook's in-place display). */
    public static void setSink(Sink s) {
        sink = Objects.requireNonNull(s);
    }

    /**
     * A sink that writes every step as one line, {@code label done/total status}, to {@code lines} (a run's log when
     * no terminal shows it, e.g. on a Spark executor).
     */
    public static Sink lines(java.util.function.Consumer<String> lines) {
        Objects.requireNonNull(lines);
        return (label, total) -> new Bar() {
            private long done;

            @Override
            public void step(String status) {
                set(done + 1, status);
            }

            @Override
            public void set(long d, String status) {
                done = d;
                lines.accept(label + " " + d + "/" + total + (status == null || status.isEmpty() ? "" : " " + status));
            }

            @Override
            public void close() {}
        };
    }

    /** The quiet sink. */
    public static Sink quiet() {
        return QUIET;
    }

    /** The current sink. */
    public static Sink sink() {
        return sink;
    }

    /** Formats {@code done/total}, rate and ETA, shared by every display. */
    public static String describe(
            String label, long done, long total, long startNanos, String status, Function<Double, String> bar) {
        double frac = total <= 0 ? 0 : Math.min(1.0, done / (double) total);
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta = done == 0 ? "?" : formatSeconds(elapsed / done * (total - done));
        return String.format(
                "%s %s %d/%d [%s<%s] %s",
                label, bar.apply(frac), done, total, formatSeconds(elapsed), eta, status == null ? "" : status);
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600
                ? String.format("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60)
                : String.format("%02d:%02d", t / 60, t % 60);
    }
}
