package org.mbo4j.spark;

import java.util.List;
import org.mbo4j.method.Method;
import org.mbo4j.method.MethodProvider;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.OfflineProblem;

/** A test method registered for the Spark tests (and so on every executor): it throws on seed 1 and only there. */
public final class FlakyMethods implements MethodProvider {
    @Override
    public List<Entry> methods() {
        return List.of(Entry.of("fails-on-seed-1", FailsOnSeedOne::new));
    }

    static final class FailsOnSeedOne implements Method {
        @Override
        public String name() {
            return "fails-on-seed-1";
        }

        @Override
        public Proposal run(OfflineProblem problem, int k, long seed) {
            if (seed == 1) throw new IllegalStateException("seed 1 fails by design");
            return Proposal.of(name(), seed, problem.space(), problem.topDesigns(k));
        }
    }
}
