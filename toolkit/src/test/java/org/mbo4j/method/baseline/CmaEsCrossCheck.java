package org.mbo4j.method.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mbo4j.data.Npy;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual diagnostic (not a test, not run by {@code scripts/test.sh}): for one seed, trains the TFBind8 surrogate
 * exactly as {@link CmaEs#propose} does, runs our CMA-ES search on it, and writes everything
 * {@code crosscheck/cma_es_tfbind8.py} needs to run pycma the way design-baselines does on the <em>same</em>
 * ensemble and starts: the members' weights, the 128 start points (model inputs), the ensemble's predictions on
 * them, the input encoding (z-score mean and std of the logits), our result points, designs and oracle scores.
 *
 * <p>Usage, with {@code MBO4J_DATA} pointing at the Design-Bench data:
 * <ul>
 *   <li>{@code CmaEsCrossCheck train <seed> <outDir>}: trains, saves the ensemble and runs our search;
 *   {@code outDir/seed<seed>/} receives {@code .npy} files (float64), {@code ours_*.npy} and {@code meta.json}.</li>
 *   <li>{@code CmaEsCrossCheck search <seed> <outDir> <tag>}: reloads the saved ensemble (checked bit for bit
 *   against the saved predictions on the starts), re-runs our current search on it and writes {@code <tag>_*.npy}
 *   (seconds instead of minutes, for comparing optimizer changes on the same surrogates). An optional fifth
 *   argument R repeats the search with R − 1 further CMA-ES seeds (seed + 1000·r), tags {@code <tag>_r<r>}: the
 *   100th percentile of one search varies by several hundredths with the CMA-ES seed alone.</li>
 * </ul>
 */
public final class CmaEsCrossCheck {
    private CmaEsCrossCheck() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !(args[0].equals("train") || args[0].equals("search"))) {
            System.err.println(
                    "usage: CmaEsCrossCheck train <seed> <outDir>\n"
                            + "       CmaEsCrossCheck search <seed> <outDir> <tag>   (re-runs our search on the saved ensemble)");
            System.exit(2);
        }
        long seed = Long.parseLong(args[1]);
        Path dir = Path.of(args[2], "seed" + seed);
        Task task = Tasks.load("TFBind8");
        OfflineProblem problem = task.problem();
        CmaEs method = CmaEs.defaults();
        // the same steps as CmaEs.propose (sequence space: unbounded search, no box)
        SurrogateData data = SurrogateData.of(problem, true, true);
        double[][] starts = Tensors.rows(data.topK(128));
        if (args[0].equals("train")) {
            Files.createDirectories(dir);
            long t0 = System.nanoTime();
            Ensemble<GaussianMlp> model = SmallEnsemble.paper().train(data.x(), data.y(), seed, method.name());
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            save(dir, model, data, starts);
            double score = search(task, data, method, model, starts, seed, dir, "ours");
            String meta = String.format(
                    Locale.ROOT,
                    "{\"seed\": %d, \"members\": %d, \"layers\": %d, "
                            + "\"leaky_slope\": 0.3, \"alphabet\": 4, \"full_min\": %.17g, \"full_max\": %.17g, "
                            + "\"ours_score100\": %.17g, \"train_seconds\": %.1f, \"settings\": \"%s\"}%n",
                    seed,
                    model.size(),
                    model.member(0).core().layers(),
                    task.fullMin()[0],
                    task.fullMax()[0],
                    score,
                    trainSeconds,
                    method.settings());
            Files.writeString(dir.resolve("meta.json"), meta);
        } else {
            if (args.length != 4 && args.length != 5) {
                throw new IllegalArgumentException("search needs a tag, e.g. 'fixed', and optionally a repeat count");
            }
            int reps = args.length == 5 ? Integer.parseInt(args[4]) : 1;
            Ensemble<GaussianMlp> model = load(dir, data);
            var type = model.parameters().get(0).value().dataType();
            double[][] saved = Npy.read(dir.resolve("starts_pred.npy"));
            double[][] now = Tensors.rows(model.forward(Tensors.matrix(starts, type)));
            for (int i = 0; i < now.length; i++) {
                if (now[i][0] != saved[i][0]) {
                    throw new IllegalStateException(
                            "reloaded ensemble differs on start " + i + ": " + now[i][0] + " vs " + saved[i][0]);
                }
            }
            for (int r = 0; r < reps; r++) {
                // repeat r searches the same ensemble with other CMA-ES seeds (r = 0: the seed of propose)
                search(
                        task,
                        data,
                        method,
                        model,
                        starts,
                        r == 0 ? seed : seed + 1000L * r,
                        dir,
                        r == 0 ? args[3] : args[3] + "_r" + r);
            }
        }
    }

    private static double search(
            Task task,
            SurrogateData data,
            CmaEs method,
            Ensemble<GaussianMlp> model,
            double[][] starts,
            long searchSeed,
            Path dir,
            String tag)
            throws IOException {
        long t0 = System.nanoTime();
        double[][] best = method.search(model, starts, searchSeed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Proposal p = SmallEnsemble.proposal(method.name(), searchSeed, model, data, best);
        Score score = Evaluation.of(task).score(p);
        Npy.writeFloat64(dir.resolve(tag + "_x.npy"), best);
        double[][] designs = p.designs();
        Npy.writeFloat64(dir.resolve(tag + "_designs.npy"), designs);
        Npy.writeFloat64(dir.resolve(tag + "_scores.npy"), task.evaluate(designs));
        System.out.printf(
                Locale.ROOT, "%s %s: 100th = %.4f (search %.1fs)%n", dir.getFileName(), tag, score.score100(), seconds);
        return score.score100();
    }

    private static void save(Path dir, Ensemble<GaussianMlp> model, SurrogateData data, double[][] starts)
            throws IOException {
        var type = model.parameters().get(0).value().dataType();
        Npy.writeFloat64(dir.resolve("starts.npy"), starts);
        Npy.writeFloat64(dir.resolve("starts_pred.npy"), Tensors.rows(model.forward(Tensors.matrix(starts, type))));
        int d = data.inputSize();
        double[][] enc = new double[2][d];
        for (int j = 0; j < d; j++) {
            enc[0][j] = data.encoding().offset(j);
            enc[1][j] = data.encoding().scale(j);
        }
        Npy.writeFloat64(dir.resolve("encoding.npy"), enc);
        for (int m = 0; m < model.size(); m++) {
            Mlp core = model.member(m).core();
            for (int l = 0; l < core.layers(); l++) {
                Npy.writeFloat64(dir.resolve("m" + m + "_w" + l + ".npy"), Tensors.rows(core.weight(l)));
                Npy.writeFloat64(
                        dir.resolve("m" + m + "_b" + l + ".npy"),
                        Tensors.rows(core.bias(l).reshape(1, -1)));
            }
        }
    }

    /** The ensemble saved by {@link #save} (float32 weights, so the float64 files hold them exactly). */
    private static Ensemble<GaussianMlp> load(Path dir, SurrogateData data) throws IOException {
        List<GaussianMlp> members = new ArrayList<>();
        for (int m = 0; Files.exists(dir.resolve("m" + m + "_w0.npy")); m++) {
            Mlp.Builder arch = Mlp.builder(data.inputSize()).hidden(256).activation(Activation.leakyRelu(0.3));
            GaussianMlp g = GaussianMlp.of(arch, 1);
            Mlp core = g.core();
            for (int l = 0; l < core.layers(); l++) {
                core.weight(l)
                        .assign(Nd4j.create(Npy.read(dir.resolve("m" + m + "_w" + l + ".npy")))
                                .castTo(core.dataType()));
                core.bias(l)
                        .assign(Nd4j.create(Npy.read(dir.resolve("m" + m + "_b" + l + ".npy")))
                                .castTo(core.dataType())
                                .reshape(core.bias(l).shape()));
            }
            members.add(g);
        }
        if (members.isEmpty()) throw new IllegalStateException("no saved ensemble in " + dir + "; run 'train' first");
        return new Ensemble<>(members, Ensemble.Aggregation.MEAN);
    }
}
