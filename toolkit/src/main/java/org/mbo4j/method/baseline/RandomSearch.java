package org.mbo4j.method.baseline;

import java.util.Random;
import org.mbo4j.method.Method;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.OfflineProblem;

/** K designs drawn uniformly from the design space (box or sequence), seeded. A floor for every method. */
public final class RandomSearch implements Method {
    /** Random designs do not depend on the scores: any number of objectives. */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 1;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Random rng = new Random(seed);
        double[][] designs = new double[k][];
        for (int i = 0; i < k; i++) designs[i] = problem.space().sample(rng);
        return Proposal.of(name(), seed, problem.space(), designs);
    }

    @Override
    public String settings() {
        return "uniform in the design space";
    }
}
