package org.mbo4j.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mbo4j.util.AtomicFiles;

/**
 * Reads user data from CSV into a {@link Dataset} with an inferred {@link DesignSpace}, and writes designs
 * (with predicted scores) back in the same format.
 *
 * <h2>Input format</h2>
 * A comma-separated file (RFC 4180 quoting, UTF-8, optional BOM) whose first line names the columns. Blank
 * lines are skipped and cells are trimmed. Some columns hold scores, the others the design:
 * <ul>
 *   <li><b>Score columns</b> ({@link Reader#score}): by default the column named {@code y}, else the one named
 *       {@code score} (both case-insensitive), else the <em>last</em> column. Scores must be finite numbers and
 *       must not be constant.</li>
 *   <li><b>Design columns</b> ({@link Reader#designColumns}): by default every column that is not a score.</li>
 *   <li><b>Continuous designs</b>: every design column numeric. The box is, per column, the data's
 *       [min, max] widened on each side by {@link #DEFAULT_MARGIN} (10%) of the range (of max(|v|, 1) for a
 *       constant column), unless bounds are given ({@link Reader#bounds}). The margin lets proposals leave the
 *       hull of the data a little, which is the point of optimisation (the best design is often just beyond
 *       the best data), while keeping them near where the data gives the model support.</li>
 *   <li><b>Sequence designs</b>: one string column (e.g. {@code sequence} with {@code ACGTACGT}) when an
 *       alphabet is declared ({@link Reader#alphabet}) or when most of that single column's cells are not
 *       numbers. Without a declared alphabet it is inferred: symbols ⊆ {a,c,g,t} give DNA in Design-Bench's
 *       order a,c,g,t; otherwise the sorted distinct symbols. Single-character symbols are case-insensitive;
 *       space-separated cells ({@code Ala Gly Ser}) are read as multi-character tokens. All sequences must have
 *       the same length.</li>
 * </ul>
 * Every problem is reported as one {@link IllegalArgumentException} line naming the file, line, column and the
 * fix, e.g. {@code data.csv line 4, column 'x1': 'abc' is not a number; ...}. Line numbers are those of the file
 * (the header is line 1).
 *
 * <pre>{@code
 * CsvData data = CsvDatasets.reader().score("yield").bounds(0, 1).read(Path.of("data.csv"));
 * OfflineProblem problem = OfflineProblem.maximize("my data", data.dataset());
 * }</pre>
 */
public final class CsvDatasets {
    /** Fraction of each column's range added on both sides of the data's box when no bounds are given. */
    public static final double DEFAULT_MARGIN = 0.1;

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> MISSING = Set.of("nan", "-nan", "na", "n/a", "null", "none", "?");
    private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    private static final String DESIGN_HINT = "design columns must be numeric (a sequence design is a single "
            + "string column): fix the cell, or choose the design columns with --design-cols";
    private static final String SCORE_HINT = "fix the cell, or choose the score column with --score";

    private CsvDatasets() {}

    /** A reader with the defaults described in the class comment. */
    public static Reader reader() {
        return new Reader();
    }

    /** Reads {@code file} with the defaults. */
    public static CsvData read(Path file) throws IOException {
        return reader().read(file);
    }

    /** Options for reading a user CSV; a fluent builder. */
    public static final class Reader {
        private List<String> scores = List.of();
        private List<String> designs = List.of();
        private List<String> alphabet;
        private double[] allBounds;
        private final Map<String, double[]> columnBounds = new LinkedHashMap<>();
        private double margin = DEFAULT_MARGIN;

        private Reader() {}

        /** The score column(s), in order (default: {@code y}, else {@code score}, else the last column). */
        public Reader score(String... columns) {
            this.scores = List.of(columns);
            return this;
        }

        /** The design column(s) (default: every non-score column; other columns are then ignored). */
        public Reader designColumns(String... columns) {
            this.designs = List.of(columns);
            return this;
        }

        /**
         * Declares the alphabet of a sequence column: {@code "acgt"} (one symbol per character) or
         * {@code "Ala,Gly,Ser"} (comma-separated tokens). Symbols are matched case-insensitively; the order
         * defines the integer encoding.
         */
        public Reader alphabet(String spec) {
            String s = spec == null ? "" : spec.trim();
            List<String> symbols = new ArrayList<>();
            if (s.contains(",")) {
                for (String t : s.split(",")) if (!t.isBlank()) symbols.add(t.trim());
            } else {
                for (int i = 0; i < s.length(); i++) symbols.add(String.valueOf(s.charAt(i)));
            }
            return alphabet(symbols);
        }

        /** Declares the alphabet as a list of symbols, in encoding order. */
        public Reader alphabet(List<String> symbols) {
            if (symbols.size() < 2) {
                throw new IllegalArgumentException("the alphabet needs at least 2 symbols, got " + symbols
                        + "; write it like acgt or Ala,Gly,Ser");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String t : symbols) {
                if (!seen.add(t.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("the alphabet " + symbols + " repeats the symbol '" + t
                            + "' (symbols are case-insensitive); list each symbol once");
                }
                if (t.isBlank() || t.contains(" ") || t.contains("\"")) {
                    throw new IllegalArgumentException(
                            "alphabet symbol '" + t + "' is not allowed (blank, space or quote); use plain symbols");
                }
            }
            this.alphabet = List.copyOf(symbols);
            return this;
        }

        /** The same bounds {@code [lo, hi]} for every design column (instead of the data's box + margin). */
        public Reader bounds(double lo, double hi) {
            this.allBounds = checkBounds("every design column", lo, hi);
            return this;
        }

        /** Bounds {@code [lo, hi]} for one design column (overrides {@link #bounds(double, double)}). */
        public Reader bounds(String column, double lo, double hi) {
            columnBounds.put(column, checkBounds("column '" + column + "'", lo, hi));
            return this;
        }

        /**
         * Bounds as text: {@code lo:hi} for every column, or {@code col=lo:hi} for one column; several parts may be
         * joined with commas ({@code x1=0:1,x2=-5:5}).
         */
        public Reader bounds(String spec) {
            for (String part : spec.split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                double[] b = parseRange(eq < 0 ? p : p.substring(eq + 1), spec);
                if (eq < 0) bounds(b[0], b[1]);
                else bounds(p.substring(0, eq).trim(), b[0], b[1]);
            }
            return this;
        }

        /** Fraction of the data's range added on each side of the inferred box (default 0.1). */
        public Reader margin(double fraction) {
            if (!(fraction >= 0) || !Double.isFinite(fraction)) {
                throw new IllegalArgumentException("the margin must be a finite fraction ≥ 0, got " + fraction);
            }
            this.margin = fraction;
            return this;
        }

        /**
         * Reads and validates {@code file}.
         *
         * @throws IllegalArgumentException one line naming the file, line, column, problem and fix
         * @throws IOException              when the file cannot be read
         */
        public CsvData read(Path file) throws IOException {
            String f = file.toString();
            List<Row> rows = parse(readText(file), f);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(
                        f + " is empty; it needs a header line naming the columns and " + "rows of designs and scores");
            }
            List<String> header = rows.get(0).cells();
            checkHeader(header, f);
            List<Row> data = rows.subList(1, rows.size());
            if (data.isEmpty()) {
                throw new IllegalArgumentException(
                        f + " has a header but no data rows; add rows of designs " + "and scores below the header");
            }
            for (Row r : data) {
                if (r.cells().size() != header.size()) {
                    throw new IllegalArgumentException(f + " line " + r.line() + " has "
                            + r.cells().size()
                            + " cells but the header has " + header.size() + " columns; give every row one cell "
                            + "per column (look for a missing or extra comma)");
                }
            }
            List<String> scoreCols = resolveScores(header, f);
            List<String> designCols = resolveDesigns(header, scoreCols, f);
            int n = data.size();
            double[][] y = new double[n][scoreCols.size()];
            for (int j = 0; j < scoreCols.size(); j++) {
                int c = header.indexOf(scoreCols.get(j));
                for (int i = 0; i < n; i++) y[i][j] = number(data.get(i), c, header, f, SCORE_HINT);
                checkNotConstant(y, j, scoreCols.get(j), f);
            }
            boolean sequence =
                    alphabet != null || (designCols.size() == 1 && mostlyText(data, header.indexOf(designCols.get(0))));
            if (sequence) {
                if (designCols.size() != 1) {
                    throw new IllegalArgumentException(f + ": a sequence design is one string column, but the "
                            + "design columns are " + designCols + "; choose the sequence column with --design-cols");
                }
                if (allBounds != null || !columnBounds.isEmpty()) {
                    throw new IllegalArgumentException(f + ": bounds apply to numeric design columns, but '"
                            + designCols.get(0) + "' holds sequences; drop --bounds");
                }
                return readSequences(file, data, header, designCols.get(0), scoreCols, y);
            }
            return readContinuous(file, data, header, designCols, scoreCols, y);
        }

        private List<String> resolveScores(List<String> header, String f) {
            if (!scores.isEmpty()) {
                requireDistinct(scores, "--score", f);
                for (String s : scores) requireColumn(header, s, "--score", f);
                return scores;
            }
            for (String name : List.of("y", "score")) {
                for (String h : header) if (h.equalsIgnoreCase(name)) return List.of(h);
            }
            return List.of(header.get(header.size() - 1));
        }

        private List<String> resolveDesigns(List<String> header, List<String> scoreCols, String f) {
            List<String> cols = new ArrayList<>();
            if (!designs.isEmpty()) {
                requireDistinct(designs, "--design-cols", f);
                for (String d : designs) {
                    requireColumn(header, d, "--design-cols", f);
                    if (scoreCols.contains(d)) {
                        throw new IllegalArgumentException(f + ": column '" + d + "' is both a score and a design "
                                + "column; remove it from --design-cols or choose another --score");
                    }
                    cols.add(d);
                }
            } else {
                for (String h : header) if (!scoreCols.contains(h)) cols.add(h);
            }
            if (cols.isEmpty()) {
                throw new IllegalArgumentException(f + " has no design columns (every column is a score: " + scoreCols
                        + "); add design columns or choose fewer --score columns");
            }
            return cols;
        }

        private CsvData readContinuous(
                Path file,
                List<Row> data,
                List<String> header,
                List<String> designCols,
                List<String> scoreCols,
                double[][] y) {
            String f = file.toString();
            for (String c : columnBounds.keySet()) {
                if (!designCols.contains(c)) {
                    throw new IllegalArgumentException(f + ": --bounds names '" + c + "', which is not a design "
                            + "column; design columns: " + String.join(", ", designCols));
                }
            }
            int n = data.size();
            int d = designCols.size();
            double[][] x = new double[n][d];
            double[] lower = new double[d];
            double[] upper = new double[d];
            for (int j = 0; j < d; j++) {
                String col = designCols.get(j);
                int c = header.indexOf(col);
                for (int i = 0; i < n; i++) x[i][j] = number(data.get(i), c, header, f, DESIGN_HINT);
                double[] given = columnBounds.getOrDefault(col, allBounds);
                if (given != null) {
                    for (int i = 0; i < n; i++) {
                        if (x[i][j] < given[0] || x[i][j] > given[1]) {
                            throw cellError(
                                    f,
                                    data.get(i).line(),
                                    col,
                                    fmt(x[i][j]) + " lies outside the bounds [" + fmt(given[0]) + ", " + fmt(given[1])
                                            + "]; widen --bounds or fix the value");
                        }
                    }
                    lower[j] = given[0];
                    upper[j] = given[1];
                } else {
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (double[] row : x) {
                        min = Math.min(min, row[j]);
                        max = Math.max(max, row[j]);
                    }
                    double pad = margin * (max > min ? max - min : Math.max(Math.abs(min), 1));
                    if (!(max + pad > min - pad)) {
                        throw new IllegalArgumentException(f + ": design column '" + col + "' is constant (" + fmt(min)
                                + ") and the margin is 0; give its bounds with --bounds " + col + "=lo:hi");
                    }
                    lower[j] = min - pad;
                    upper[j] = max + pad;
                }
            }
            Dataset ds = Dataset.of(ContinuousSpace.box(lower, upper), x, y, scoreCols);
            return new CsvData(file, ds, designCols, scoreCols, false);
        }

        private CsvData readSequences(
                Path file, List<Row> data, List<String> header, String col, List<String> scoreCols, double[][] y) {
            String f = file.toString();
            int c = header.indexOf(col);
            int n = data.size();
            List<List<String>> tokens = new ArrayList<>(n);
            boolean anyLetter = false;
            boolean anyUpper = false;
            for (int i = 0; i < n; i++) {
                Row r = data.get(i);
                String cell = r.cells().get(c);
                if (cell.isEmpty())
                    throw cellError(f, r.line(), col, "the cell is empty; fill in the sequence " + "or remove the row");
                for (int k = 0; k < cell.length(); k++) {
                    char ch = cell.charAt(k);
                    anyLetter |= Character.isLetter(ch);
                    anyUpper |= Character.isUpperCase(ch);
                }
                List<String> t = SequenceSpace.tokenize(cell, alphabet);
                if (i > 0 && t.size() != tokens.get(0).size()) {
                    throw cellError(
                            f,
                            r.line(),
                            col,
                            "the sequence has " + t.size() + " symbols but the one on line "
                                    + data.get(0).line() + " has "
                                    + tokens.get(0).size()
                                    + "; all sequences must have the same length");
                }
                tokens.add(t);
            }
            List<String> symbols = alphabet != null ? alphabet : inferAlphabet(tokens, f, col);
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < symbols.size(); k++) index.put(symbols.get(k).toLowerCase(Locale.ROOT), k);
            int len = tokens.get(0).size();
            double[][] x = new double[n][len];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < len; p++) {
                    Integer k = index.get(tokens.get(i).get(p).toLowerCase(Locale.ROOT));
                    if (k == null) {
                        throw cellError(
                                f,
                                data.get(i).line(),
                                col,
                                "unknown symbol '" + tokens.get(i).get(p)
                                        + "' at position " + (p + 1) + " of '"
                                        + data.get(i).cells().get(c) + "'; the alphabet is "
                                        + alphabetText(symbols) + "; fix the sequence or add the symbol to --alphabet");
                    }
                    x[i][p] = k;
                }
            }
            Dataset ds = Dataset.of(SequenceSpace.of(len, symbols), x, y, scoreCols);
            return new CsvData(file, ds, List.of(col), scoreCols, anyLetter && !anyUpper);
        }

        private static List<String> inferAlphabet(List<List<String>> tokens, String f, String col) {
            Map<String, String> byKey = new LinkedHashMap<>(); // lower-case key -> first spelling seen
            boolean single = true;
            for (List<String> row : tokens) {
                for (String t : row) {
                    byKey.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
                    single &= t.length() == 1;
                }
            }
            if (single && SequenceSpace.DNA.containsAll(byKey.keySet())) return SequenceSpace.DNA;
            if (byKey.size() < 2) {
                throw new IllegalArgumentException(f + ": column '" + col + "' uses only the symbol '"
                        + byKey.values().iterator().next() + "'; declare the full alphabet with --alphabet");
            }
            if (single) return List.copyOf(new TreeSet<>(byKey.keySet()));
            List<String> sorted = new ArrayList<>(byKey.values());
            sorted.sort(Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT)));
            return sorted;
        }

        private static double[] checkBounds(String what, double lo, double hi) {
            if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
                throw new IllegalArgumentException(
                        "bounds for " + what + " must be finite with lo < hi, got " + fmt(lo) + ":" + fmt(hi));
            }
            return new double[] {lo, hi};
        }

        private static double[] parseRange(String range, String spec) {
            String[] parts = range.split(":", -1);
            if (parts.length == 2
                    && NUMBER.matcher(parts[0].trim()).matches()
                    && NUMBER.matcher(parts[1].trim()).matches()) {
                return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
            }
            throw new IllegalArgumentException("cannot read bounds '" + spec + "'; write lo:hi (e.g. -5:5) or "
                    + "column=lo:hi, joined with commas (e.g. x1=0:1,x2=-5:5)");
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes designs (and predicted scores) to {@code file} atomically, in the layout of {@code like}: the same
     * design columns (numbers, or the sequence string) followed by one {@code predicted_<score>} column per score
     * when {@code predicted} is not null. Nothing is left on disk if writing fails.
     *
     * @param overwrite replace an existing file (else it is an error and the file stays untouched)
     */
    public static void write(Path file, boolean overwrite, CsvData like, double[][] designs, double[][] predicted)
            throws IOException {
        check(like, designs, predicted);
        AtomicFiles.write(file, overwrite, w -> write(w, like, designs, predicted));
    }

    /** Writes the CSV text of {@link #write(Path, boolean, CsvData, double[][], double[][])} to {@code out}. */
    public static void write(Writer out, CsvData like, double[][] designs, double[][] predicted) throws IOException {
        check(like, designs, predicted);
        List<String> header = new ArrayList<>(like.designColumns());
        if (predicted != null) for (String s : like.scoreColumns()) header.add("predicted_" + s);
        writeLine(out, header);
        SequenceSpace seq = like.space() instanceof SequenceSpace s ? s : null;
        for (int i = 0; i < designs.length; i++) {
            List<String> cells = new ArrayList<>();
            if (seq != null) {
                String s = seq.format(designs[i]);
                cells.add(like.lowerCaseSymbols() ? s.toLowerCase(Locale.ROOT) : s);
            } else {
                for (double v : designs[i]) cells.add(Double.toString(v));
            }
            if (predicted != null) for (double v : predicted[i]) cells.add(Double.toString(v));
            writeLine(out, cells);
        }
    }

    private static void check(CsvData like, double[][] designs, double[][] predicted) {
        like.space().requireContains(designs, "design");
        if (predicted == null) return;
        if (predicted.length != designs.length) {
            throw new IllegalArgumentException(predicted.length + " predicted rows for " + designs.length + " designs");
        }
        for (double[] p : predicted) {
            if (p.length != like.scoreColumns().size()) {
                throw new IllegalArgumentException("predictions have " + p.length + " values per design but the "
                        + "data has " + like.scoreColumns().size() + " score columns " + like.scoreColumns());
            }
        }
    }

    private static void writeLine(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.write(',');
            out.write(quote(cells.get(i)));
        }
        out.write('\n');
    }

    private static String quote(String cell) {
        boolean needs = cell.contains(",")
                || cell.contains("\"")
                || cell.contains("\n")
                || cell.contains("\r")
                || !cell.equals(cell.trim());
        return needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    // ---------------------------------------------------------------- parsing

    /** One CSV record with the file line it starts on (1-based). */
    record Row(int line, List<String> cells) {}

    private static String readText(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + " is a folder; give the path of a CSV file");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("data file " + file + " does not exist; check the path");
        } catch (AccessDeniedException e) {
            throw new IOException("cannot read " + file + " (no permission); check the file's permissions");
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text; save it as a UTF-8 CSV file");
        }
    }

    /** Splits RFC 4180 text into records of trimmed cells; blank lines are skipped. */
    static List<Row> parse(String text, String f) {
        List<Row> rows = new ArrayList<>();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int n = text.length();
        int line = 1;
        while (i < n) {
            int start = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (i >= n) {
                    cells.add(cell.toString().trim());
                    break;
                }
                char ch = text.charAt(i);
                if (ch == '"' && !quoted && cell.toString().isBlank()) {
                    quoted = true;
                    cell.setLength(0);
                    i++;
                    int opened = line;
                    while (true) {
                        if (i >= n) {
                            throw new IllegalArgumentException(f + " line " + opened + ": a quoted cell is never "
                                    + "closed; add the closing \" (write \"\" for a quote inside a cell)");
                        }
                        char q = text.charAt(i++);
                        if (q == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                cell.append('"');
                                i++;
                                continue;
                            }
                            break;
                        }
                        if (q == '\n' || (q == '\r' && (i >= n || text.charAt(i) != '\n'))) line++;
                        cell.append(q);
                    }
                    continue;
                }
                i++;
                if (ch == ',') {
                    cells.add(cell.toString().trim());
                    cell.setLength(0);
                    quoted = false;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i < n && text.charAt(i) == '\n') i++;
                    line++;
                    cells.add(cell.toString().trim());
                    break;
                } else {
                    cell.append(ch);
                }
            }
            boolean blank = cells.size() == 1 && cells.get(0).isEmpty() && !quoted;
            if (!blank) rows.add(new Row(start, List.copyOf(cells)));
        }
        return rows;
    }

    private static void checkHeader(List<String> header, String f) {
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (h.isEmpty()) {
                throw new IllegalArgumentException(
                        f + " line 1: column " + (c + 1) + " of the header has no name; " + "name every column");
            }
            Integer before = seen.put(h, c);
            if (before != null) {
                throw new IllegalArgumentException(f + " line 1: the column name '" + h + "' appears twice (columns "
                        + (before + 1) + " and " + (c + 1) + "); give every column a unique name");
            }
        }
        if (header.size() < 2) {
            String h = header.get(0);
            String sep = h.contains(";") ? ";" : h.contains("\t") ? "tab" : null;
            throw new IllegalArgumentException(f + " has a single column ('" + h + "'); it needs design columns and "
                    + "a score column separated by commas"
                    + (sep == null
                            ? ""
                            : " (this file seems to use " + sep + " as separator: save it as comma-separated)"));
        }
    }

    private static void requireColumn(List<String> header, String name, String option, String f) {
        if (!header.contains(name)) {
            throw new IllegalArgumentException(f + " has no column '" + name + "' (" + option + "); its columns are: "
                    + String.join(", ", header));
        }
    }

    private static void requireDistinct(List<String> names, String option, String f) {
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException(
                    f + ": " + option + " names a column twice " + names + "; list each column once");
        }
    }

    private static double number(Row r, int c, List<String> header, String f, String hint) {
        String cell = r.cells().get(c);
        String col = header.get(c);
        String lower = cell.toLowerCase(Locale.ROOT);
        if (cell.isEmpty()) throw cellError(f, r.line(), col, "the cell is empty; fill in a number or remove the row");
        if (MISSING.contains(lower)) {
            throw cellError(
                    f, r.line(), col, "'" + cell + "' marks a missing value; fill in a number or remove the row");
        }
        if (INFINITE.contains(lower)) {
            throw cellError(
                    f,
                    r.line(),
                    col,
                    "'" + cell + "' is not a finite number; fill in a finite number or " + "remove the row");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw cellError(f, r.line(), col, "'" + cell + "' is not a number; " + hint);
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw cellError(f, r.line(), col, "'" + cell + "' is too large for a double; rescale the column");
        }
        return v;
    }

    private static void checkNotConstant(double[][] y, int j, String col, String f) {
        for (double[] row : y) if (row[j] != y[0][j]) return;
        String rows = y.length == 1 ? "the only row has " : "all " + y.length + " rows have ";
        throw new IllegalArgumentException(f + ": score column '" + col + "' is constant (" + rows + fmt(y[0][j])
                + "); cannot optimise a constant score: add rows with other scores or choose the score column "
                + "with --score");
    }

    private static boolean mostlyText(List<Row> data, int c) {
        int text = 0;
        int numbers = 0;
        for (Row r : data) {
            String cell = r.cells().get(c);
            String lower = cell.toLowerCase(Locale.ROOT);
            if (cell.isEmpty() || MISSING.contains(lower) || INFINITE.contains(lower)) continue;
            if (NUMBER.matcher(cell).matches()) numbers++;
            else text++;
        }
        return text > numbers;
    }

    private static IllegalArgumentException cellError(String f, int line, String col, String msg) {
        return new IllegalArgumentException(f + " line " + line + ", column '" + col + "': " + msg);
    }

    private static String alphabetText(List<String> symbols) {
        boolean single = symbols.stream().allMatch(s -> s.length() == 1);
        return single ? String.join("", symbols) : String.join(",", symbols);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
