package org.mbo4j.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A user CSV loaded by {@link CsvDatasets}: the {@link Dataset} (with its inferred {@link DesignSpace}) plus the
 * column layout of the file, so designs can be written back in the same format.
 *
 * @param source          the file read
 * @param dataset         designs and scores; {@code dataset.scoreNames()} equals {@code scoreColumns}
 * @param designColumns   the CSV columns holding the design: one per coordinate for continuous designs, or a
 *                        single string column for sequence designs
 * @param scoreColumns    the CSV columns holding scores, in order
 * @param lowerCaseSymbols true when sequences were written in lower case (written back the same way)
 */
public record CsvData(
        Path source, Dataset dataset, List<String> designColumns, List<String> scoreColumns, boolean lowerCaseSymbols) {
    public CsvData {
        designColumns = List.copyOf(designColumns);
        scoreColumns = List.copyOf(scoreColumns);
    }

    /** The inferred design space (box or sequence). */
    public DesignSpace space() {
        return dataset.space();
    }

    /** True when the design is one sequence column over an alphabet. */
    public boolean isSequence() {
        return dataset.space() instanceof SequenceSpace;
    }
}
