package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientSearchTest {
    /** f(x) = −Σ (x_j − c_j)², an exact quadratic with its optimum at c. */
    static final class Quadratic implements Regressor {
        final double[] c;
        INDArray last;

        Quadratic(double... c) {
            this.c = c;
        }

        @Override
        public int inputSize() {
            return c.length;
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public List<Param> parameters() {
            return List.of(new Param("none", Nd4j.zeros(DataType.DOUBLE, 1, 1), Nd4j.zeros(DataType.DOUBLE, 1, 1)));
        }

        @Override
        public INDArray forward(INDArray x) {
            last = x.dup();
            INDArray out = Nd4j.zeros(DataType.DOUBLE, x.rows(), 1);
            for (int i = 0; i < x.rows(); i++) {
                double s = 0;
                for (int j = 0; j < c.length; j++) s -= Math.pow(x.getDouble(i, j) - c[j], 2);
                out.putScalar(i, 0, s);
            }
            return out;
        }

        @Override
        public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
            INDArray g = Nd4j.zeros(DataType.DOUBLE, last.rows(), c.length);
            for (int i = 0; i < last.rows(); i++) {
                for (int j = 0; j < c.length; j++)
                    g.putScalar(i, j, dPred.getDouble(i, 0) * -2 * (last.getDouble(i, j) - c[j]));
            }
            return g;
        }
    }

    @Test
    void ascentOnAQuadraticFollowsTheClosedForm() {
        ContinuousSpace box = ContinuousSpace.cube(2, -10, 10);
        Dataset d = Dataset.of(box, new double[][] {{0, 0}, {1, 1}, {4, -3}}, new double[] {-1, -2, -3});
        SurrogateData data = SurrogateData.of(OfflineProblem.maximize("quad", d), false, false);
        Quadratic f = new Quadratic(3, -2);
        INDArray start = Nd4j.create(new double[][] {{0, 0}, {4, -3}});
        double lr = 0.1;
        int steps = 7;
        // step size lr = stepScale·√d with d = 2
        GradientSearch search = new GradientSearch((dd, k, seed) -> start, lr / Math.sqrt(2), steps, null, 1);
        Proposal p = search.run("test", 0, f, data, 2);
        // x_t − c = (1 − 2·lr)^t (x_0 − c)
        double shrink = Math.pow(1 - 2 * lr, steps);
        double[][] x = p.designs();
        assertEquals(3 + shrink * (0 - 3), x[0][0], 1e-12);
        assertEquals(-2 + shrink * (0 + 2), x[0][1], 1e-12);
        assertEquals(3 + shrink * (4 - 3), x[1][0], 1e-12);
        Trajectory t = p.trajectory().orElseThrow();
        assertEquals(steps + 1, t.steps().size());
        for (int s = 1; s < t.steps().size(); s++) {
            assertTrue(t.steps().get(s).predicted()[0] > t.steps().get(s - 1).predicted()[0], "monotone ascent");
        }
        // predictions are re-read at the decoded designs, in raw units (no y scaling here)
        double expected = -(Math.pow(x[0][0] - 3, 2) + Math.pow(x[0][1] + 2, 2));
        assertEquals(expected, p.predicted().orElseThrow()[0][0], 1e-12);
    }
}
