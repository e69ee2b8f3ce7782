package org.mbo4j.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals: columns separated by two spaces, left-aligned (or right-aligned where asked),
 * an optional header underlined with dashes, no trailing spaces. When the natural width exceeds the width asked
 * for, the widest columns are narrowed one character at a time (never below their header or 8 characters) and
 * their cells wrap at spaces onto continuation lines; a word longer than its column is split.
 *
 * <pre>{@code
 * TextTable t = TextTable.withHeader("name", "citation").row("TFBind8", "Trabucco et al., ...");
 * System.out.print(t.render(120));
 * }</pre>
 */
public final class TextTable {
    private static final String GAP = "  ";
    private static final int MIN_WIDTH = 8;

    private final List<String> header;
    private final int columns;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> header, int columns) {
        this.header = header;
        this.columns = columns;
        this.right = new boolean[columns];
    }

    /** A table with these column titles. */
    public static TextTable withHeader(String... titles) {
        if (titles.length == 0) throw new IllegalArgumentException("a table needs at least one column");
        return new TextTable(List.of(titles), titles.length);
    }

    /** A table of {@code columns} columns without a header line. */
    public static TextTable withoutHeader(int columns) {
        if (columns < 1) throw new IllegalArgumentException("a table needs at least one column, got " + columns);
        return new TextTable(null, columns);
    }

    /** Right-aligns these columns (0-based), e.g. numbers. */
    public TextTable alignRight(int... cols) {
        for (int c : cols) right[c] = true;
        return this;
    }

    /** Adds a row of exactly as many cells as the table has columns (null shows as empty). */
    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of this table needs " + columns + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells)
                .map(c -> c == null ? "" : c.replace('\n', ' '))
                .toList());
        return this;
    }

    /** Number of rows added. */
    public int rowCount() {
        return rows.size();
    }

    /**
     * The table as lines, each ending in a newline, at most {@code maxWidth} characters long whenever the columns
     * fit at their minimum widths (header length or 8 characters).
     */
    public String render(int maxWidth) {
        int[] width = new int[columns];
        int[] floor = new int[columns];
        for (int c = 0; c < columns; c++) {
            int h = header == null ? 0 : header.get(c).length();
            width[c] = h;
            for (List<String> r : rows) width[c] = Math.max(width[c], r.get(c).length());
            floor[c] = Math.min(width[c], Math.max(h, MIN_WIDTH));
        }
        while (total(width) > maxWidth) {
            int widest = -1;
            for (int c = 0; c < columns; c++) {
                if (width[c] > floor[c] && (widest < 0 || width[c] > width[widest])) widest = c;
            }
            if (widest < 0) break;
            width[widest]--;
        }
        StringBuilder b = new StringBuilder();
        if (header != null) {
            line(b, header, width);
            List<String> rule = new ArrayList<>();
            for (int w : width) rule.add("-".repeat(w));
            line(b, rule, width);
        }
        for (List<String> r : rows) line(b, r, width);
        return b.toString();
    }

    private static int total(int[] width) {
        return Arrays.stream(width).sum() + GAP.length() * (width.length - 1);
    }

    /** One row, wrapped onto as many physical lines as its tallest cell needs. */
    private void line(StringBuilder b, List<String> cells, int[] width) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < columns; c++) {
            wrapped.add(wrap(cells.get(c), width[c]));
            height = Math.max(height, wrapped.get(c).size());
        }
        for (int l = 0; l < height; l++) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String part = l < wrapped.get(c).size() ? wrapped.get(c).get(l) : "";
                String pad = " ".repeat(width[c] - part.length());
                if (c > 0) s.append(GAP);
                s.append(right[c] ? pad + part : part + pad);
            }
            b.append(s.toString().stripTrailing()).append('\n');
        }
    }

    /** Greedy word wrap at spaces; words longer than {@code width} are cut into pieces of {@code width}. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            while (word.length() > width) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                out.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (word.isEmpty()) continue;
            if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) cur.append(' ');
            cur.append(word);
        }
        if (cur.length() > 0 || out.isEmpty()) out.add(cur.toString());
        return out;
    }
}
