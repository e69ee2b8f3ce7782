package org.mbo4j.task;

/**
 * Catalogue metadata of a task, available without loading its data.
 *
 * @param name        registry name, e.g. {@code TFBind8}
 * @param family      e.g. {@code design-bench}
 * @param space       short description of the design space
 * @param dims        number of design coordinates
 * @param objectives  number of objectives
 * @param datasetSize visible rows (of full rows, as text, e.g. {@code 32898 of 65792})
 * @param oracleKind  {@code exact lookup} or {@code closed form}
 * @param citation    source of the task definition
 * @param nadir       a multi-objective task's hard-coded nadir point (its hypervolume reference is 2.2 × the
 *                    normalised nadir), or null
 */
public record TaskInfo(
        String name,
        String family,
        String space,
        int dims,
        int objectives,
        String datasetSize,
        String oracleKind,
        String citation,
        double[] nadir) {
    public TaskInfo {
        nadir = nadir == null ? null : nadir.clone();
    }

    /** A task without a nadir point (every single-objective task). */
    public TaskInfo(
            String name,
            String family,
            String space,
            int dims,
            int objectives,
            String datasetSize,
            String oracleKind,
            String citation) {
        this(name, family, space, dims, objectives, datasetSize, oracleKind, citation, null);
    }

    /** The nadir point (a copy), or null. */
    @Override
    public double[] nadir() {
        return nadir == null ? null : nadir.clone();
    }
}
