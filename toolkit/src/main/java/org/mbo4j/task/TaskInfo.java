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
 */
public record TaskInfo(
        String name,
        String family,
        String space,
        int dims,
        int objectives,
        String datasetSize,
        String oracleKind,
        String citation) {}
