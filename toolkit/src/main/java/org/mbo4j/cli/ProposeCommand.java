package org.mbo4j.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.CsvData;
import org.mbo4j.data.CsvDatasets;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./mbo4j propose}: user CSV in, K designs out. Loads the CSV with {@link CsvDatasets}, runs any registered
 * method ({@link Methods}) on the resulting {@link OfflineProblem} and writes the designs in the input's format
 * (numeric columns or the sequence column) plus {@code predicted_<score>} columns when the method predicts scores.
 * The output is written atomically: on any error nothing is left on disk and an existing file is untouched.
 */
@Command(
        name = "propose",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Propose K designs from your own data (a CSV of designs and scores) with an offline MBO method, and write "
                    + "them as CSV in the input's format, with predicted_<score> columns when the method predicts "
                    + "scores.",
            "Designs are numeric columns (a box: the data's range per column widened by 10%% each side, unless "
                    + "--bounds) or one sequence column such as ACGTACGT (alphabet declared with --alphabet or "
                    + "inferred; DNA is encoded a,c,g,t like Design-Bench).",
            "On any error: one line 'error: ...', exit code 2, and no output file is written; so too when the method "
                    + "reaches for an oracle or task data while proposing (OfflineViolationException).",
            "Methods from jars named in MBO4J_CLASSPATH (colon-separated) are listed and run like built-in ones."
        },
        footer = {
            "",
            "Examples:",
            "  ./mbo4j propose --data runs.csv --method random --k 16 --seed 1 --out next.csv",
            "  ./mbo4j propose --data seqs.csv --score binding --alphabet acgt \\",
            "      --method dataset-topk --out top.csv",
            "  ./mbo4j propose --data runs.csv --bounds 0:1,x2=-5:5 --minimize \\",
            "      --method random --out next.csv --force",
            "  ./mbo4j propose --data alloys.csv --score cost,strength --directions min,max \\",
            "      --method mm --k 256 --out pareto.csv"
        })
final class ProposeCommand implements Callable<Integer> {
    /** Upper limit on --k: beyond this a CSV stops being something a person looks at. */
    static final int MAX_K = Methods.MAX_K;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "FILE.csv",
            description = "CSV with a header line, design columns and score column(s).")
    Path data;

    @Option(
            names = "--method",
            required = true,
            paramLabel = "METHOD",
            completionCandidates = MethodNames.class,
            description = "Method with paper defaults, one of: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(
            names = "--k",
            paramLabel = "K",
            defaultValue = "128",
            description = "Number of designs to propose, 1.." + MAX_K + " and at most the number of distinct designs "
                    + "of a sequence space (default: ${DEFAULT-VALUE}, the papers' budget).")
    int k;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed for every random choice; same seed, same file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.csv",
            description = "Where to write the designs; its folder must exist. An existing file is refused unless "
                    + "--force.")
    Path out;

    @Option(names = "--force", description = "Overwrite --out if it exists (replaced atomically, only on success).")
    boolean force;

    @Option(
            names = "--score",
            paramLabel = "COL",
            split = ",",
            description = "Score column(s) (default: the column named y, else score, else the last column).")
    List<String> score = new ArrayList<>();

    @Option(
            names = "--design-cols",
            paramLabel = "COL",
            split = ",",
            description = "Design columns (default: every column that is not a score; others are ignored).")
    List<String> designCols = new ArrayList<>();

    @Option(
            names = "--alphabet",
            paramLabel = "A",
            description = "Alphabet of a sequence column, e.g. acgt, or comma-separated tokens such as Ala,Gly,Ser; "
                    + "the order is the encoding. Default: inferred (a,c,g,t for DNA, else sorted symbols).")
    String alphabet;

    @Option(
            names = "--bounds",
            paramLabel = "BOUNDS",
            split = ",",
            description = "Bounds of numeric designs: lo:hi for every column and/or COL=lo:hi per column "
                    + "(default: the data's range per column widened by 10%% on each side).")
    List<String> bounds = new ArrayList<>();

    @Option(names = "--maximize", description = "Higher scores are better (the default).")
    boolean maximize;

    @Option(names = "--minimize", description = "Lower scores are better.")
    boolean minimize;

    @Option(
            names = "--directions",
            split = ",",
            paramLabel = "min|max",
            description = "Per score column, in --score order: min or max, e.g. --score cost,gain --directions "
                    + "min,max (instead of --minimize/--maximize, which set every column).")
    List<String> directions = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (maximize && minimize) throw new UserError("--maximize and --minimize exclude each other; give one");
        if (!directions.isEmpty() && (maximize || minimize)) {
            throw new UserError("--directions and --" + (minimize ? "minimize" : "maximize") + " exclude each other;"
                    + " give --directions for one direction per score column, or --minimize/--maximize for all");
        }
        List<Direction> given = new ArrayList<>();
        for (String d : directions) given.add(direction(d));
        if (k > Methods.MAX_K || k < 1) Methods.requireSensibleK(k, null);
        Method m = Methods.create(method);
        checkOutput();

        CsvDatasets.Reader reader = CsvDatasets.reader();
        if (!score.isEmpty()) reader.score(score.toArray(String[]::new));
        if (!designCols.isEmpty()) reader.designColumns(designCols.toArray(String[]::new));
        if (alphabet != null) reader.alphabet(alphabet);
        for (String b : bounds) reader.bounds(b);
        CsvData csv = reader.read(data);

        Methods.requireSensibleK(k, csv.space());
        List<String> scores = csv.scoreColumns();
        if (!given.isEmpty() && given.size() != scores.size()) {
            throw new UserError("--directions gives " + given.size() + " direction" + (given.size() == 1 ? "" : "s")
                    + " for " + scores.size() + " score column" + (scores.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", scores) + "); give one per score column, in --score order");
        }
        Methods.requireObjectives(
                m,
                data.getFileName().toString(),
                scores,
                scores.size() == 1 ? "give two or more --score columns" : "give one --score column");
        Direction all = minimize ? Direction.MINIMIZE : Direction.MAXIMIZE;
        List<Objective> objectives = new ArrayList<>();
        for (int j = 0; j < scores.size(); j++) {
            objectives.add(new Objective(scores.get(j), given.isEmpty() ? all : given.get(j)));
        }
        String name = data.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        OfflineProblem problem = new OfflineProblem(name, csv.space(), csv.dataset(), objectives);

        // a method that reaches for an oracle or task data stops here, before anything is written
        String methodName = OfflineGuard.during(method, m::name);
        Proposal p = OfflineGuard.during(methodName, () -> m.propose(problem, k, seed));
        double[][] predicted = p.predicted().orElse(null);
        requireFinite(csv, p.designs(), predicted);
        CsvDatasets.write(out, force, csv, p.designs(), predicted);

        var o = spec.commandLine().getOut();
        o.println("wrote " + p.size() + " designs to " + out + " (method " + methodName + ", seed " + seed + ", "
                + describe(objectives) + ", space "
                + describe(csv) + (predicted == null ? ", no predicted scores" : ", with predicted scores")
                + ")" + (p.size() < k ? "; the method returned fewer than --k " + k : ""));
        o.flush();
        return 0;
    }

    /** A --directions word: min or max (any case). */
    private static Direction direction(String word) {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "min" -> Direction.MINIMIZE;
            case "max" -> Direction.MAXIMIZE;
            default ->
                throw new UserError("--directions: '" + word.trim() + "' is neither min nor max; write min or"
                        + " max for each score column, e.g. --directions min,max");
        };
    }

    /** "maximize a,b" when every objective goes one way, else "maximize a, minimize b". */
    private static String describe(List<Objective> objectives) {
        Direction first = objectives.get(0).direction();
        if (objectives.stream().allMatch(o -> o.direction() == first)) {
            return first.name().toLowerCase(Locale.ROOT) + " "
                    + String.join(",", objectives.stream().map(Objective::name).toList());
        }
        List<String> parts = new ArrayList<>();
        for (Objective o : objectives) parts.add(o.direction().name().toLowerCase(Locale.ROOT) + " " + o.name());
        return String.join(", ", parts);
    }

    /** Fails before any work if --out cannot be written, with the CLI's wording for the fix. */
    private void checkOutput() throws IOException {
        if (Files.exists(data) && Files.exists(out) && Files.isSameFile(data, out)) {
            throw new UserError("--out is the input file " + data + "; choose another name");
        }
        if (!force && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("output file " + out + " already exists; pass --force to overwrite it or choose "
                    + "another --out");
        }
        AtomicFiles.requireWritable(out, force);
    }

    /**
     * Refuses, before anything is written, a proposal holding ±∞ or NaN: a method converts its model's outputs back
     * to the user's units, and on a column whose values approach the largest double (±1.8e308) values beyond the
     * data's range do not fit in a double. The error names the column and a power of ten to divide it by.
     */
    static void requireFinite(CsvData csv, double[][] designs, double[][] predicted) {
        if (!csv.isSequence()) {
            for (double[] row : designs) {
                for (int j = 0; j < row.length; j++) {
                    if (!Double.isFinite(row[j])) {
                        throw overflow(
                                "proposed values of design column",
                                csv.designColumns().get(j),
                                maxAbs(csv.dataset().designs(), j),
                                "the proposals");
                    }
                }
            }
        }
        if (predicted == null) return;
        List<String> scores = csv.scoreColumns();
        for (double[] row : predicted) {
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    double[][] ys = new double[csv.dataset().size()][1];
                    for (int i = 0; i < ys.length; i++) ys[i][0] = csv.dataset().score(i, j);
                    throw overflow(
                            "predicted scores of column", scores.get(j), maxAbs(ys, 0), "predicted_" + scores.get(j));
                }
            }
        }
    }

    private static UserError overflow(String what, String column, double max, String back) {
        int exponent = (int) Math.floor(Math.log10(max));
        return new UserError(String.format(
                Locale.ROOT,
                "%s '%s' overflow the range of a double (the "
                        + "column reaches %.3g in magnitude); divide column '%s' by 1e%d and multiply %s back",
                what,
                column,
                max,
                column,
                exponent,
                back));
    }

    private static double maxAbs(double[][] rows, int j) {
        double max = 0;
        for (double[] r : rows) max = Math.max(max, Math.abs(r[j]));
        return max;
    }

    /** The space in the user's terms: column bounds to 4 significant digits (a few columns) or the size. */
    static String describe(CsvData csv) {
        if (!(csv.space() instanceof ContinuousSpace box)) return csv.space().describe();
        int d = box.dims();
        if (d > 4) return d + "-d box";
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            parts.add(csv.designColumns().get(j) + " [" + round(box.lower(j)) + ", " + round(box.upper(j)) + "]");
        }
        return "box " + String.join(", ", parts);
    }

    private static String round(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Registered method names for the help text. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Methods.names().iterator();
        }
    }
}
