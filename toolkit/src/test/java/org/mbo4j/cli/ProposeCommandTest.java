package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbo4j.method.Methods;
import picocli.CommandLine;

/** {@code ./mbo4j propose} end to end through {@link Main#run}: outputs, determinism, and the bad-input contract. */
class ProposeCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String KEEP = "keep me\n";

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/csv/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) rows.add(line.split(",", -1));
        return rows;
    }

    // ------------------------------------------------------------------ working runs

    @Test
    void continuousProposalsAreKRowsInsideTheWidenedBoxAndReproducible() throws IOException {
        Path data = fixture("continuous.csv");
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "random",
                "--k",
                "32",
                "--seed",
                "3",
                "--out",
                a.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(
                "wrote 32 designs to " + a + " (method random, seed 3, maximize yield, space box temperature "
                        + "[14.71, 78.35], pressure [0.704, 5.36], ratio [-0.0368, 1.041], no predicted scores)" + NL,
                r.out());
        assertEquals(
                0,
                run(
                                "propose",
                                "--data",
                                data.toString(),
                                "--method",
                                "random",
                                "--k",
                                "32",
                                "--seed",
                                "3",
                                "--out",
                                b.toString())
                        .code());
        assertEquals(
                0,
                run(
                                "propose",
                                "--data",
                                data.toString(),
                                "--method",
                                "random",
                                "--k",
                                "32",
                                "--seed",
                                "4",
                                "--out",
                                c.toString())
                        .code());
        assertEquals(Files.readString(a), Files.readString(b), "same seed, same file");
        assertNotEquals(Files.readString(a), Files.readString(c), "another seed, other designs");

        // the box, computed here from the fixture: per column [min - 10% range, max + 10% range]
        List<String[]> in = rows(data);
        double[] lo = new double[3];
        double[] hi = new double[3];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (String[] row : in.subList(1, in.size())) {
            for (int j = 0; j < 3; j++) {
                lo[j] = Math.min(lo[j], Double.parseDouble(row[j]));
                hi[j] = Math.max(hi[j], Double.parseDouble(row[j]));
            }
        }
        List<String[]> got = rows(a);
        assertArrayEquals(new String[] {"temperature", "pressure", "ratio"}, got.get(0));
        assertEquals(33, got.size());
        boolean outsideHull = false;
        for (String[] row : got.subList(1, got.size())) {
            assertEquals(3, row.length);
            for (int j = 0; j < 3; j++) {
                double v = Double.parseDouble(row[j]);
                double pad = 0.1 * (hi[j] - lo[j]);
                assertTrue(v >= lo[j] - pad - 1e-12 && v <= hi[j] + pad + 1e-12, v + " outside the box");
                outsideHull |= v < lo[j] || v > hi[j];
            }
        }
        assertTrue(outsideHull, "with 32 uniform draws some coordinate should use the 10% margin");
        assertEquals(List.of("a.csv", "b.csv", "c.csv", "continuous.csv"), listing());
    }

    @Test
    void dnaProposalsAreValidSequencesOfTheDataLength() throws IOException {
        Path data = fixture("dna.csv");
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "random",
                "--k",
                "50",
                "--seed",
                "11",
                "--out",
                a.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("space sequence of 8 over acgt, no predicted scores)"), r.out());
        List<String> lines = Files.readAllLines(a);
        assertEquals("sequence", lines.get(0));
        assertEquals(51, lines.size());
        for (String s : lines.subList(1, lines.size())) assertTrue(s.matches("[ACGT]{8}"), s);
        assertTrue(lines.subList(1, lines.size()).stream().distinct().count() > 40, "random designs vary");
        run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "random",
                "--k",
                "50",
                "--seed",
                "11",
                "--out",
                b.toString());
        assertEquals(Files.readString(a), Files.readString(b));
    }

    @Test
    void datasetTopKWritesTheBestRowsWithTheirScoresInEitherDirection() throws IOException {
        Path data = fixture("dna.csv");
        Path max = dir.resolve("max.csv");
        Path min = dir.resolve("min.csv");
        assertEquals(
                0,
                run(
                                "propose",
                                "--data",
                                data.toString(),
                                "--method",
                                "dataset-topk",
                                "--k",
                                "3",
                                "--out",
                                max.toString())
                        .code());
        // the three highest y in dna.csv
        assertEquals(
                "sequence,predicted_y\nTGTGATGC,0.3561\nCTTAAGGG,0.3559\nCGTCAGCA,0.3558\n", Files.readString(max));
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "dataset-topk",
                "--k",
                "3",
                "--minimize",
                "--out",
                min.toString());
        assertTrue(r.out().contains("minimize y"), r.out());
        assertEquals(
                "sequence,predicted_y\nCAATTACA,0.1055\nAACATACA,0.1056\nTAAGTAAG,0.2065\n", Files.readString(min));
    }

    /** 40 rows of (x1, x2) in [0, 1]² with y = scale·(x1 + 2·x2 − offset). */
    private Path monotone(String name, double scale, double offset) throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            double a = r.nextDouble();
            double b = r.nextDouble();
            sb.append(a)
                    .append(',')
                    .append(b)
                    .append(',')
                    .append(scale * (a + 2 * b - offset))
                    .append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    /**
     * grad end to end (paper settings; 40 rows make its training short): the surrogate is fitted to y = x1 + 2·x2,
     * so its predictions at the proposed designs must be close to the true objective there, and the ascent must
     * predict more than the best row of the data.
     */
    private static void assertGradPredictsTheMonotoneObjective(Path out, double scale, double bestInData)
            throws IOException {
        List<String[]> got = rows(out);
        assertArrayEquals(new String[] {"x1", "x2", "predicted_y"}, got.get(0));
        assertEquals(9, got.size());
        double best = Double.NEGATIVE_INFINITY;
        for (String[] row : got.subList(1, got.size())) {
            double x1 = Double.parseDouble(row[0]);
            double x2 = Double.parseDouble(row[1]);
            double predicted = Double.parseDouble(row[2]);
            assertTrue(Double.isFinite(predicted), Arrays.toString(row));
            assertEquals(
                    x1 + 2 * x2, predicted / scale, 0.25, "prediction far from the objective: " + Arrays.toString(row));
            best = Math.max(best, predicted);
        }
        assertTrue(best > bestInData, "the ascent predicts no improvement: " + best + " ≤ " + bestInData);
    }

    private static double bestY(Path data) throws IOException {
        return rows(data).stream()
                .skip(1)
                .mapToDouble(row -> Double.parseDouble(row[2]))
                .max()
                .orElseThrow();
    }

    @Test
    void aTrainedMethodWritesItsSurrogatesPredictions() throws IOException {
        Path data = monotone("data.csv", 1, 0);
        Path out = dir.resolve("out.csv");
        Result r = run("propose", "--data", data.toString(), "--method", "grad", "--k", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote 8 designs to " + out + " (method grad, seed 0, maximize y, "), r.out());
        assertTrue(r.out().trim().endsWith(", with predicted scores)"), r.out());
        assertGradPredictsTheMonotoneObjective(out, 1, bestY(data));
    }

    @Test
    void scoresOfMagnitude1e200AreStandardisedWithoutOverflow() throws IOException {
        // the textbook variance of 1e200-sized scores is ∞: every target became 0 and every prediction ±∞
        Path data = monotone("data.csv", 1e200, 0);
        Path out = dir.resolve("out.csv");
        Result r = run("propose", "--data", data.toString(), "--method", "grad", "--k", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertGradPredictsTheMonotoneObjective(out, 1e200, bestY(data));
    }

    @Test
    void predictionsBeyondTheDoubleRangeAreAOneLineErrorAndWriteNothing() throws IOException {
        // y = (x1 + 2·x2 − 1.5)·MAX/1.5 spans about ±0.9·MAX: the surrogate trains (the targets are standardised
        // safely), but near the box's corner (1.07, 1.1) it predicts about 1.17·MAX, which is no double
        Path data = monotone("data.csv", Double.MAX_VALUE / 1.5, 1.5);
        double reach = rows(data).stream()
                .skip(1)
                .mapToDouble(row -> Math.abs(Double.parseDouble(row[2])))
                .max()
                .orElseThrow();
        Path out = dir.resolve("out.csv");
        Files.writeString(out, KEEP);
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "grad",
                "--k",
                "8",
                "--force",
                "--out",
                out.toString());
        assertEquals(2, r.code(), r.out());
        assertEquals(
                "error: predicted scores of column 'y' overflow the range of a double (the column reaches "
                        + String.format(Locale.ROOT, "%.3g", reach) + " in magnitude); divide column 'y' by 1e308 and "
                        + "multiply predicted_y back" + NL,
                r.err());
        assertEquals("", r.out());
        assertEquals(KEEP, Files.readString(out), "the old file is untouched");
        assertEquals(List.of("data.csv", "out.csv"), listing(), "no temporary file is left");
    }

    @Test
    void fewerDesignsThanAskedAreReported() throws IOException {
        Path data = fixture("dna.csv");
        Path out = dir.resolve("out.csv");
        Result r = run(
                "propose", "--data", data.toString(), "--method", "dataset-topk", "--k", "20", "--out", out.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("wrote 12 designs to "), r.out());
        assertTrue(r.out().trim().endsWith("; the method returned fewer than --k 20"), r.out());
        assertEquals(13, Files.readAllLines(out).size());
    }

    @Test
    void severalScoreColumnsGiveOnePredictedColumnEach() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, "x,gain,cost\n1,5,9\n2,7,8\n3,6,7\n");
        Path out = dir.resolve("out.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--score",
                "gain,cost",
                "--method",
                "d-best",
                "--k",
                "2",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("maximize gain,cost"), r.out());
        // both maximised: (gain, cost) = (6, 7) is dominated by (7, 8); the non-dominated rows are x = 1 and 2
        assertEquals("x,predicted_gain,predicted_cost\n1.0,5.0,9.0\n2.0,7.0,8.0\n", Files.readString(out));
    }

    @Test
    void forceReplacesAnExistingFile() throws IOException {
        Path data = fixture("dna.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(out, KEEP);
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "dataset-topk",
                "--k",
                "1",
                "--force",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("sequence,predicted_y\nTGTGATGC,0.3561\n", Files.readString(out));
        assertEquals(List.of("dna.csv", "out.csv"), listing());
    }

    @Test
    void userChosenColumnsAndBoundsAreUsed() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, "id,a,b,gain,cost\nr1,0,1,5,9\nr2,1,2,6,8\nr3,2,3,7,7\n");
        Path out = dir.resolve("out.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--score",
                "gain",
                "--design-cols",
                "b,a",
                "--bounds",
                "0:10,a=-1:2",
                "--method",
                "random",
                "--k",
                "40",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        List<String[]> got = rows(out);
        assertArrayEquals(new String[] {"b", "a"}, got.get(0));
        for (String[] row : got.subList(1, got.size())) {
            double b = Double.parseDouble(row[0]);
            double a = Double.parseDouble(row[1]);
            assertTrue(b >= 0 && b <= 10 && a >= -1 && a <= 2, Arrays.toString(row));
        }
        assertTrue(got.stream().skip(1).anyMatch(row -> Double.parseDouble(row[0]) > 4), "b uses its bounds 0:10");
    }

    @Test
    void helpDescribesEveryOption() {
        Result r = run("propose", "--help");
        assertEquals(0, r.code());
        List<String> expected = List.of(
                "--data",
                "--method",
                "--k",
                "--seed",
                "--out",
                "--force",
                "--score",
                "--design-cols",
                "--alphabet",
                "--bounds",
                "--maximize",
                "--minimize",
                "--help");
        var spec = new CommandLine(new ProposeCommand()).getCommandSpec();
        List<String> declared = new ArrayList<>();
        for (var o : spec.options()) {
            declared.add(o.longestName());
            assertTrue(
                    o.description().length > 0
                            && !String.join(" ", o.description()).isBlank(),
                    o.longestName() + " has no description");
        }
        assertTrue(declared.containsAll(expected), declared.toString());
        for (String name : declared) assertTrue(r.out().contains(name), name + " missing from help");
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("one of: " + String.join(", ", Methods.names()) + "."), help);
        assertTrue(help.contains("(default: 128, the papers' budget)"), help);
        assertTrue(help.contains("widened by 10% on each side"), help);
        assertTrue(help.contains("no output file is written"), help);
    }

    // ------------------------------------------------------------------ bad data: one line, nothing written

    static Stream<Arguments> badData() {
        String xy = "x1,x2,y\n0,1,2\n1,2,3\n";
        return Stream.of(
                bad(
                        "empty file",
                        "",
                        "%F is empty; it needs a header line naming the columns and rows of designs and scores"),
                bad(
                        "blank lines only",
                        "\n \n\n",
                        "%F is empty; it needs a header line naming the columns and rows of " + "designs and scores"),
                bad(
                        "header only",
                        "x1,x2,y\n",
                        "%F has a header but no data rows; add rows of designs and scores below " + "the header"),
                bad(
                        "missing cell",
                        "x1,x2,y\n0,1,2\n1,,3\n",
                        "%F line 3, column 'x2': the cell is empty; fill in a number or remove the row"),
                bad(
                        "NaN score",
                        "x1,x2,y\n0,1,2\n1,2,NaN\n",
                        "%F line 3, column 'y': 'NaN' marks a missing value; fill in a number or remove the row"),
                bad(
                        "nan design",
                        "x1,y\n0,1\nnan,2\n",
                        "%F line 3, column 'x1': 'nan' marks a missing value; fill in a number or remove the row"),
                bad(
                        "infinite score",
                        "x1,y\n0,1\n1,-Infinity\n",
                        "%F line 3, column 'y': '-Infinity' is not a finite number; fill in a finite number or remove "
                                + "the row"),
                bad(
                        "non-numeric design",
                        "x1,x2,y\n0,1,2\n1,abc,3\n",
                        "%F line 3, column 'x2': 'abc' is not a number; design columns must be numeric (a sequence "
                                + "design is a single string column): fix the cell, or choose the design columns with "
                                + "--design-cols"),
                bad(
                        "non-numeric score",
                        "sequence,y\nACGT,1\nACGG,high\n",
                        "%F line 3, column 'y': 'high' is not a number; fix the cell, or choose the score column with "
                                + "--score"),
                bad(
                        "ragged short row",
                        "x1,x2,y\n0,1,2\n1,2\n",
                        "%F line 3 has 2 cells but the header has 3 columns; give every row one cell per column (look "
                                + "for a missing or extra comma)"),
                bad(
                        "ragged long row",
                        "x1,y\n0,1\n1,2,3\n",
                        "%F line 3 has 3 cells but the header has 2 columns; give every row one cell per column (look "
                                + "for a missing or extra comma)"),
                bad(
                        "unknown symbol",
                        "sequence,y\nACGT,1\nACNT,2\n",
                        "%F line 3, column 'sequence': unknown symbol 'N' at position 3 of 'ACNT'; the alphabet is acgt; "
                                + "fix the sequence or add the symbol to --alphabet",
                        "--alphabet",
                        "acgt"),
                bad(
                        "empty sequence",
                        "sequence,y\nACGT,1\n,2\n",
                        "%F line 3, column 'sequence': the cell is empty; fill in the sequence or remove the row"),
                bad(
                        "unequal lengths",
                        "sequence,y\nACGT,1\nACG,2\n",
                        "%F line 3, column 'sequence': the sequence has 3 symbols but the one on line 2 has 4; all "
                                + "sequences must have the same length"),
                bad(
                        "one-symbol sequences",
                        "seq,y\nXXXX,1\nXXXX,2\n",
                        "%F: column 'seq' uses only the symbol 'X'; declare the full alphabet with --alphabet"),
                bad(
                        "constant score",
                        "x1,y\n0,1\n1,1\n2,1\n",
                        "%F: score column 'y' is constant (all 3 rows have 1); cannot optimise a constant score: add "
                                + "rows with other scores or choose the score column with --score"),
                bad(
                        "single row",
                        "x1,y\n0,1.5\n",
                        "%F: score column 'y' is constant (the only row has 1.5); cannot optimise a constant score: add "
                                + "rows with other scores or choose the score column with --score"),
                bad(
                        "duplicate column",
                        "x,x,y\n0,1,2\n1,2,3\n",
                        "%F line 1: the column name 'x' appears twice (columns 1 and 2); give every column a unique name"),
                bad(
                        "unnamed column",
                        "x,,y\n0,1,2\n1,2,3\n",
                        "%F line 1: column 2 of the header has no name; name every column"),
                bad(
                        "unknown --score",
                        xy,
                        "%F has no column 'z' (--score); its columns are: x1, x2, y",
                        "--score",
                        "z"),
                bad(
                        "unknown --design-cols",
                        xy,
                        "%F has no column 'x3' (--design-cols); its columns are: x1, x2, y",
                        "--design-cols",
                        "x1,x3"),
                bad(
                        "score as design",
                        xy,
                        "%F: column 'y' is both a score and a design column; remove it from "
                                + "--design-cols or choose another --score",
                        "--design-cols",
                        "x1,y"),
                bad(
                        "only score columns",
                        "a,b\n1,2\n2,3\n",
                        "%F has no design columns (every column is a score: [a, b]); "
                                + "add design columns or choose fewer --score columns",
                        "--score",
                        "a,b"),
                bad(
                        "value outside --bounds",
                        "x1,x2,y\n0,1,2\n1,7,3\n",
                        "%F line 3, column 'x2': 7 lies outside the bounds [0, 5]; widen --bounds or fix the value",
                        "--bounds",
                        "0:5"),
                bad(
                        "--bounds for unknown column",
                        xy,
                        "%F: --bounds names 'x9', which is not a design column; design " + "columns: x1, x2",
                        "--bounds",
                        "x9=0:1"),
                bad(
                        "--bounds on sequences",
                        "sequence,y\nACGT,1\nACGG,2\n",
                        "%F: bounds apply to numeric design columns, "
                                + "but 'sequence' holds sequences; drop --bounds",
                        "--bounds",
                        "0:1"),
                bad(
                        "--bounds unreadable",
                        xy,
                        "cannot read bounds '0-1'; write lo:hi (e.g. -5:5) or column=lo:hi, joined "
                                + "with commas (e.g. x1=0:1,x2=-5:5)",
                        "--bounds",
                        "0-1"),
                bad(
                        "--bounds reversed",
                        xy,
                        "bounds for every design column must be finite with lo < hi, got 5:0",
                        "--bounds",
                        "5:0"),
                bad(
                        "--alphabet repeats",
                        "sequence,y\nACGT,1\nACGG,2\n",
                        "the alphabet [a, c, g, a] repeats the symbol "
                                + "'a' (symbols are case-insensitive); list each symbol once",
                        "--alphabet",
                        "acga"),
                bad(
                        "--alphabet on several columns",
                        xy,
                        "%F: a sequence design is one string column, but the design "
                                + "columns are [x1, x2]; choose the sequence column with --design-cols",
                        "--alphabet",
                        "ab"),
                bad(
                        "semicolon separated",
                        "x1;x2;y\n0;1;2\n1;2;3\n",
                        "%F has a single column ('x1;x2;y'); it needs "
                                + "design columns and a score column separated by commas (this file seems to use ; as "
                                + "separator: save it as comma-separated)"),
                bad(
                        "unclosed quote",
                        "x1,y\n\"0,1\n1,2\n",
                        "%F line 2: a quoted cell is never closed; add the closing \" "
                                + "(write \"\" for a quote inside a cell)"),
                bad(
                        "too many designs for the space",
                        "sequence,y\nAC,1\nGT,2\n",
                        "--k 17 is more than the 16 distinct "
                                + "designs of the space (sequence of 2 over acgt); ask for at most 16",
                        "--k",
                        "17"));
    }

    private static Arguments bad(String name, String csv, String message, String... extra) {
        return Arguments.of(name, csv, message, extra);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badData")
    void badDataGivesOneLineAndWritesNothing(String name, String csv, String message, String[] extra)
            throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, csv);
        Path out = dir.resolve("out.csv");
        String expected = "error: " + message.replace("%F", data.toString()) + NL;

        List<String> args = new ArrayList<>(
                List.of("propose", "--data", data.toString(), "--method", "random", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        Result r = run(args.toArray(String[]::new));
        assertEquals(2, r.code());
        assertEquals(expected, r.err());
        assertEquals("", r.out());
        assertEquals(List.of("data.csv"), listing(), "no output and no temporary file");

        // with --force over an existing file: still an error, and the old file is untouched
        Files.writeString(out, KEEP);
        args.add("--force");
        Result forced = run(args.toArray(String[]::new));
        assertEquals(2, forced.code());
        assertEquals(expected, forced.err());
        assertEquals(KEEP, Files.readString(out));
        assertEquals(List.of("data.csv", "out.csv"), listing());
    }

    // ------------------------------------------------------------------ bad arguments

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("k zero", List.of("--k", "0"), "--k must be at least 1, got 0"),
                Arguments.of("k negative", List.of("--k", "-3"), "--k must be at least 1, got -3"),
                Arguments.of(
                        "k too large",
                        List.of("--k", "100001"),
                        "--k 100001 is more than the limit of 100000 designs; ask for fewer"),
                Arguments.of(
                        "k not a number",
                        List.of("--k", "abc"),
                        "Invalid value for option '--k': 'abc' is not an int (see ./mbo4j propose --help)"),
                Arguments.of(
                        "both directions",
                        List.of("--maximize", "--minimize"),
                        "--maximize and --minimize exclude each other; give one"),
                Arguments.of(
                        "directions and minimize",
                        List.of("--directions", "min", "--minimize"),
                        "--directions and --minimize exclude each other; give --directions for one direction per score"
                                + " column, or --minimize/--maximize for all"),
                Arguments.of(
                        "direction word",
                        List.of("--directions", "up"),
                        "--directions: 'up' is neither min nor max; write min or max for each score column, e.g."
                                + " --directions min,max"),
                Arguments.of(
                        "direction count",
                        List.of("--directions", "min,max"),
                        "--directions gives 2 directions for 1 score column (y); give one per score column, in"
                                + " --score order"),
                Arguments.of(
                        "missing data file",
                        List.of("--data", "%D/nope.csv"),
                        "data file %D/nope.csv does not exist; check the path"),
                Arguments.of(
                        "data is a folder", List.of("--data", "%D"), "%D is a folder; give the path of a CSV file"),
                Arguments.of(
                        "output folder missing",
                        List.of("--out", "%D/no/such/out.csv"),
                        "the folder of %D/no/such/out.csv does not exist (%D/no/such); create it first"),
                Arguments.of(
                        "output is a folder", List.of("--out", "%D", "--force"), "%D is a folder; give a file name"),
                Arguments.of(
                        "output is the input",
                        List.of("--out", "%D/data.csv", "--force"),
                        "--out is the input file %D/data.csv; choose another name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentsGiveOneLineAndWriteNothing(String name, List<String> extra, String message) throws IOException {
        Path data = dir.resolve("data.csv");
        String csv = "x1,x2,y\n0,1,2\n1,2,3\n";
        Files.writeString(data, csv);
        // defaults, then the case's options replace or add to them (picocli refuses an option given twice)
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--data", data.toString());
        options.put("--method", "random");
        options.put("--out", dir.resolve("out.csv").toString());
        for (int i = 0; i < extra.size(); i++) {
            boolean hasValue = i + 1 < extra.size() && !extra.get(i + 1).startsWith("--");
            options.put(extra.get(i), hasValue ? extra.get(++i).replace("%D", dir.toString()) : null);
        }
        List<String> args = new ArrayList<>(List.of("propose"));
        options.forEach((k, v) -> {
            args.add(k);
            if (v != null) args.add(v);
        });
        Result r = run(args.toArray(String[]::new));
        assertEquals(2, r.code());
        assertEquals("error: " + message.replace("%D", dir.toString()) + NL, r.err());
        assertEquals(List.of("data.csv"), listing());
        assertEquals(csv, Files.readString(data));
    }

    @Test
    void directionsSetEachScoreColumnsDirection() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, "x,cost,gain\n1,5,9\n2,7,8\n3,6,7\n4,2,1\n");
        Path out = dir.resolve("out.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--score",
                "cost,gain",
                "--directions",
                "MIN,max",
                "--method",
                "random",
                "--k",
                "3",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(", minimize cost, maximize gain, space "), r.out());
        assertEquals(4, Files.readAllLines(out).size());
    }

    @Test
    void aSingleObjectiveMethodRefusesSeveralScoresNamingTheMethodsThatFit() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, "x,cost,gain\n1,5,9\n2,7,8\n3,6,7\n");
        Path out = dir.resolve("out.csv");
        List<String> fitting = Methods.names().stream()
                .filter(n -> Methods.create(n).handlesObjectives(2))
                .toList();
        assertTrue(fitting.contains("random"), fitting.toString());
        assertFalse(fitting.contains("grad"), fitting.toString());
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--score",
                "cost,gain",
                "--method",
                "grad",
                "--out",
                out.toString());
        assertEquals(2, r.code());
        assertEquals(
                "error: method 'grad' optimises one objective, but data.csv has 2 (cost, gain); give one --score"
                        + " column or use a multi-objective method (" + String.join(", ", fitting) + ")" + NL,
                r.err());
        assertEquals(List.of("data.csv"), listing());
    }

    @Test
    void aMultiObjectiveMethodRefusesOneScore() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, "x,cost\n1,5\n2,7\n3,6\n");
        Path out = dir.resolve("out.csv");
        List<String> fitting = Methods.names().stream()
                .filter(n -> Methods.create(n).handlesObjectives(1))
                .toList();
        Result r = run("propose", "--data", data.toString(), "--method", "mm", "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals(
                "error: method 'mm' optimises several objectives, but data.csv has one (cost); give two or more"
                        + " --score columns or use a single-objective method (" + String.join(", ", fitting) + ")"
                        + NL,
                r.err());
        assertEquals(List.of("data.csv"), listing());
    }

    @Test
    void severalObjectivesGetAParetoSetWithPredictedColumnsInTheirDirections() throws IOException {
        Path data = dir.resolve("data.csv");
        StringBuilder csv = new StringBuilder("x1,x2,cost,gain\n");
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 60; i++) {
            double a = rng.nextDouble(), b = rng.nextDouble();
            csv.append(a)
                    .append(',')
                    .append(b)
                    .append(',')
                    .append(a * a + b)
                    .append(',')
                    .append(1 - (a - 1) * (a - 1))
                    .append('\n');
        }
        Files.writeString(data, csv.toString());
        Path out = dir.resolve("out.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--score",
                "cost,gain",
                "--directions",
                "min,max",
                "--method",
                "d-best",
                "--k",
                "5",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(method d-best, seed 0, minimize cost, maximize gain, space "), r.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("x1,x2,predicted_cost,predicted_gain", lines.get(0));
        assertEquals(6, lines.size());
    }

    @Test
    void unknownMethodListsTheRegisteredOnes() throws IOException {
        Path data = fixture("dna.csv");
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "nope",
                "--out",
                dir.resolve("o.csv").toString());
        assertEquals(2, r.code());
        assertEquals(
                "error: unknown method 'nope'; valid methods: " + String.join(", ", Methods.names()) + NL, r.err());
        assertTrue(r.err().contains("dataset-topk") && r.err().contains("random"));
        assertEquals(List.of("dna.csv"), listing());
    }

    @Test
    void nonUtf8FileIsNamed() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(
                data, "x,y\n1,2\n2,3\n", java.nio.charset.StandardCharsets.UTF_16); // e.g. Excel "Unicode text"
        Result r = run(
                "propose",
                "--data",
                data.toString(),
                "--method",
                "random",
                "--out",
                dir.resolve("o.csv").toString());
        assertEquals(2, r.code());
        assertEquals("error: " + data + " is not UTF-8 text; save it as a UTF-8 CSV file" + NL, r.err());
        assertEquals(List.of("data.csv"), listing());
    }

    @Test
    void existingOutputIsRefusedWithoutForceAndLeftUntouched() throws IOException {
        Path data = fixture("dna.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(out, KEEP);
        Result r = run("propose", "--data", data.toString(), "--method", "random", "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals(
                "error: output file " + out + " already exists; pass --force to overwrite it or choose another "
                        + "--out" + NL,
                r.err());
        assertEquals(KEEP, Files.readString(out));
        assertEquals(List.of("dna.csv", "out.csv"), listing());
    }

    @Test
    void missingRequiredOptionsAreOneLine() {
        Result r = run("propose");
        assertEquals(2, r.code());
        assertEquals(
                "error: Missing required options: '--data=FILE.csv', '--method=METHOD', '--out=FILE.csv' "
                        + "(see ./mbo4j propose --help)" + NL,
                r.err());
        assertFalse(r.err().contains("Usage"));
    }
}
