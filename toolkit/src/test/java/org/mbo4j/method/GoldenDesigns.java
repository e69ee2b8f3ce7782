package org.mbo4j.method;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/**
 * The recorded comparison behind "same designs before and after a refactoring": prints, for every registered method
 * at its quick settings, a SHA-256 of the proposed designs and predicted scores (raw double bits) on a 600-row slice
 * of TFBind8 (k 8, seed 11) and on a 40-row box problem (k 8, seed 3), and the settings of its paper, quick and
 * per-problem variants. Run it with the classes before and after a change on one machine and diff the outputs
 * (float results depend on the GEMM library and CPU, so outputs from different machines are not comparable).
 * Uses only API that exists on both sides of the method-kit change.
 *
 * <pre>java -cp CLASSES:TEST_CLASSES:DEPS org.mbo4j.method.GoldenDesigns [method ...] &gt; out.tsv</pre>
 */
public final class GoldenDesigns {
    private GoldenDesigns() {}

    public static void main(String[] args) throws Exception {
        List<String> names = args.length > 0 ? List.of(args) : Methods.names();
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 600).map(i -> i * 50).toArray();
        OfflineProblem seq =
                new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
        OfflineProblem box = smallBox();
        System.out.println("method\tproblem\tdesigns_sha256\tpredicted_sha256\tfirst_design");
        for (String name : names) {
            System.out.println(
                    name + "\tsettings.paper\t" + Methods.create(name).settings());
            System.out.println(
                    name + "\tsettings.quick\t" + Methods.create(name).quick().settings());
            System.out.println(name + "\tsettings.seq\t"
                    + Methods.create(name).forProblem(seq).settings());
            System.out.println(name + "\tsettings.box\t"
                    + Methods.create(name).forProblem(box).settings());
            print(name, "TFBind8-slice", Methods.create(name).quick().propose(seq, 8, 11));
            if (!name.startsWith("reinforce"))
                print(name, "box40", Methods.create(name).quick().propose(box, 8, 3));
        }
    }

    private static void print(String name, String problem, Proposal p) throws Exception {
        String pred = p.predicted().map(GoldenDesigns::sha).orElse("-");
        System.out.println(
                name + "\t" + problem + "\t" + sha(p.designs()) + "\t" + pred + "\t" + Arrays.toString(p.designs()[0]));
    }

    private static String sha(double[][] m) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(8);
            for (double[] r : m) {
                for (double v : r) {
                    b.clear();
                    b.putLong(Double.doubleToRawLongBits(v));
                    md.update(b.array());
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** MethodsDeterminismTest's 40-row Branin-like file. */
    static OfflineProblem smallBox() {
        ContinuousSpace space = ContinuousSpace.box(new double[] {-5, 0}, new double[] {10, 15});
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = new double[40][];
        double[] y = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {rng.nextDouble(-5, 10), rng.nextDouble(0, 15)};
            y[i] = -Math.pow(x[i][1] - 0.1 * x[i][0] * x[i][0] + 1.6 * x[i][0] - 6, 2) - 10 * Math.cos(x[i][0]);
        }
        return new OfflineProblem(
                "small", space, Dataset.of(space, x, y), List.of(new Objective("y", Direction.MAXIMIZE)));
    }
}
