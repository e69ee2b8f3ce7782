import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.method.baseline.GaussianProcess;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.moo.MultiObjectiveData;
import org.mbo4j.moo.Pareto;
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
 * </pre>
 */
public final class Export {
    private Export() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !List.of("export", "score", "score-raw").contains(args[0])) {
            System.err.println("usage: Export.java export TASK DIR | score TASK CANDIDATES.csv | score-raw TASK DESIGNS.csv");
            System.exit(2);
        }
        Task task = Tasks.load(args[1]);
        OfflineProblem problem = task.problem();
        MultiObjectiveData data = MultiObjectiveData.of(problem);
        if (args[0].equals("export")) {
            Path dir = Path.of(args[2]);
            Files.createDirectories(dir);
            double[][] inputs = data.inputs();
            double[][] targets = data.targets();
            int[] rows = Pareto.selectBest(targets, Math.min(256, targets.length));
            double[][] x = new double[rows.length][];
            double[][] t = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                x[i] = inputs[rows[i]];
                t[i] = targets[rows[i]];
            }
            int m = problem.objectives().size();
            double[] ref = new double[m];
            for (int j = 0; j < m; j++) ref[j] = 1.1 * -problem.sign(j) * problem.nadir().get(j);
            write(dir.resolve("gp_x.csv"), x);
            write(dir.resolve("gp_t.csv"), t);
            write(dir.resolve("ref.csv"), new double[][] {ref});
            double[][] hyper = new double[m][];
            for (int j = 0; j < m; j++) {
                double[] y = new double[t.length];
                for (int i = 0; i < t.length; i++) y[i] = t[i][j];
                // as MultiObjectiveBo.fitGps at the paper setting (gp_fit_maxiter 15000)
                GaussianProcess gp = GaussianProcess.fitWithNoise(
                        x, y, GaussianProcess.initialTheta(x[0].length), GaussianProcess.NOISE_PRIOR_MODE, 15000);
                hyper[j] = new double[3 + gp.dims()];
                hyper[j][0] = gp.mean();
                hyper[j][1] = gp.outputScale();
                hyper[j][2] = gp.noiseVariance();
                for (int q = 0; q < gp.dims(); q++) hyper[j][3 + q] = gp.lengthscale(q);
            }
            write(dir.resolve("gp_hyper.csv"), hyper);
            System.out.println("wrote " + rows.length + " GP rows of " + task.name() + " to " + dir);
        } else {
            double[][] x = read(Path.of(args[2]));
            double[][] designs = args[0].equals("score") ? data.decode(x) : x;
            Proposal p = Proposal.of("botorch-check", 0, problem.space(), designs);
            System.out.println(Evaluation.of(task).score(p));
        }
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
