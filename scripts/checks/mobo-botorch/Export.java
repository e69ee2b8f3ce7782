import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.method.baseline.GaussianProcess;
import org.mbo4j.method.baseline.MultiObjectiveBo;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.moo.MultiObjectiveData;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/**
 * The cross-check of {@code mobo} / {@code mobo-parego} against BoTorch 0.8.5 on our data (README.md here).
 *
 * <pre>
 * export TASK DIR      the GP's 256 rows as the method sees them (inputs and minimised targets min-max scaled by the
 *                      benchmark statistics, Pareto.selectBest), gp_x.csv and gp_t.csv, and ref.csv: 1.1 × the raw
 *                      nadir in minimised units (the reference's acquisition reference point), and gp_hyper.csv: our
 *                      fit per objective (constant mean, output scale, noise, lengthscales), for botorch_mobo.py's
 *                      optional HYPER argument
 * score TASK FILE      scores candidates given in the scaled [0, 1]^d box (one row each) with the benchmark protocol:
 *                      decoded, sent to the task's oracle, hypervolume at the 100th percentile
 * score-raw TASK FILE  the same for designs in the task's own units (e.g. a dense grid over the box, to bound the
 *                      hypervolume any set of designs reaches under our data's normalisation)
 * steps TASK STEPS     rebuilds each step of a botorch_steps.py record (its folder STEPS): our qParEGO acquisition
 *                      on GPs with BoTorch's fitted hyperparameters, the same weights and BoTorch's earlier candidates
 *                      pending; prints, per step, BoTorch's value at its candidate and ours there (4096 samples each),
 *                      and the value of the candidate our maximiser picks (128 samples, as a run) under ours
 * </pre>
 */
public final class Export {
    private Export() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !List.of("export", "score", "score-raw", "steps").contains(args[0])) {
            System.err.println("usage: Export.java export TASK DIR | score TASK CANDIDATES.csv"
                    + " | score-raw TASK DESIGNS.csv | steps TASK STEPS_DIR");
            System.exit(2);
        }
        Task task = Tasks.load(args[1]);
        OfflineProblem problem = task.problem();
        MultiObjectiveData data = MultiObjectiveData.of(problem);
        if (args[0].equals("export")) {
            Path dir = Path.of(args[2]);
            Files.createDirectories(dir);
            // exactly what mobo fits at the paper setting: rows, GPs and qNEHVI's reference point (raw nadir)
            MultiObjectiveBo.Surrogate s = MultiObjectiveBo.qnehvi().surrogate(problem);
            double[][] x = s.x();
            int m = problem.objectives().size();
            write(dir.resolve("gp_x.csv"), x);
            write(dir.resolve("gp_t.csv"), s.t());
            write(dir.resolve("ref.csv"), new double[][] {s.referencePoint()});
            double[][] hyper = new double[m][];
            for (int j = 0; j < m; j++) {
                GaussianProcess gp = s.gps().get(j);
                hyper[j] = new double[3 + gp.dims()];
                hyper[j][0] = gp.mean();
                hyper[j][1] = gp.outputScale();
                hyper[j][2] = gp.noiseVariance();
                for (int q = 0; q < gp.dims(); q++) hyper[j][3 + q] = gp.lengthscale(q);
            }
            write(dir.resolve("gp_hyper.csv"), hyper);
            System.out.println("wrote " + x.length + " GP rows of " + task.name() + " to " + dir);
        } else if (args[0].equals("steps")) {
            steps(problem, Path.of(args[2]));
        } else {
            double[][] x = read(Path.of(args[2]));
            double[][] designs = args[0].equals("score") ? data.decode(x) : x;
            Proposal p = Proposal.of("botorch-check", 0, problem.space(), designs);
            System.out.println(Evaluation.of(task).score(p));
        }
    }

    private static void steps(OfflineProblem problem, Path dir) throws IOException {
        MultiObjectiveBo parego = MultiObjectiveBo.qparego();
        MultiObjectiveBo.Surrogate ours = parego.surrogate(problem);
        double[][] x = ours.x();
        double[][] t = ours.t();
        double[][] h = read(dir.resolve("hyper.csv"));
        int m = t[0].length;
        int d = x[0].length;
        List<GaussianProcess> gps = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            double[] y = new double[t.length];
            for (int i = 0; i < t.length; i++) y[i] = t[i][j];
            double[] theta = new double[d + 2]; // (c, log s², log ℓ...)
            theta[0] = h[j][0];
            theta[1] = Math.log(h[j][1]);
            for (int q = 0; q < d; q++) theta[2 + q] = Math.log(h[j][3 + q]);
            gps.add(GaussianProcess.of(x, y, h[j][2], theta, true));
        }
        MultiObjectiveBo.Surrogate theirs = new MultiObjectiveBo.Surrogate(x, t, gps, ours.referencePoint());
        double[][] w = read(dir.resolve("w.csv"));
        double[][] cands = read(dir.resolve("cands.csv"));
        double[][] bt = read(dir.resolve("botorch.csv"));
        int k = Math.min(cands.length, bt.length);
        double worstRel = 0;
        int asGood = 0;
        System.out.println("step  botorch(its x)  ours(its x)  ours(our x)  boundary coords: its x / our x");
        for (int i = 0; i < k; i++) {
            double[][] pending = Arrays.copyOf(cands, i);
            double precise = parego.parEgoCandidate(theirs, w[i], pending, 4096, 12345).value(cands[i]);
            double[] mine = parego.parEgoCandidate(theirs, w[i], pending, 128, 1000 + i).maximise(i);
            double mineValue = parego.parEgoCandidate(theirs, w[i], pending, 4096, 12345).value(mine);
            worstRel = Math.max(worstRel, Math.abs(precise - bt[i][1]) / bt[i][1]);
            if (mineValue >= 0.99 * bt[i][1]) asGood++;
            System.out.printf(
                    java.util.Locale.ROOT,
                    "%4d  %14.5g  %11.5g  %11.5g  %d / %d%n",
                    i,
                    bt[i][1],
                    precise,
                    mineValue,
                    onBoundary(cands[i]),
                    onBoundary(mine));
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "%d steps: largest relative difference of the two acquisitions at BoTorch's candidates %.3g;"
                        + " our maximiser within 1 %% of BoTorch's value or above in %d%n",
                k,
                worstRel,
                asGood);
    }

    private static int onBoundary(double[] x) {
        int n = 0;
        for (double v : x) if (v < 1e-9 || v > 1 - 1e-9) n++;
        return n;
    }

    private static void write(Path p, double[][] rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(p))) {
            for (double[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < r.length; j++) sb.append(j > 0 ? "," : "").append(r[j]);
                w.println(sb);
            }
        }
    }

    private static double[][] read(Path p) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            if (line.isBlank()) continue;
            rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return rows.toArray(new double[0][]);
    }
}
