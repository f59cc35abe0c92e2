package io.parley.api.agent;

import java.util.List;

/**
 * Outcome of a CSV bulk import (SPEC §4.2): either every row was created ({@code errors}
 * empty) or none was ({@code created} empty) and each failing row is reported.
 *
 * <pre>{@code
 * ImportResult r = agents.importCsv(instanceId, bytes);
 * r.errors().forEach(e -> System.out.println("line " + e.line() + " " + e.field() + ": " + e.message()));
 * }</pre>
 */
public record ImportResult(List<IssuedAgent> created, List<RowError> errors) {

    public ImportResult {
        created = List.copyOf(created);
        errors = List.copyOf(errors);
    }

    /**
     * One rejected row.
     *
     * @param line    line number in the file, the header being line 1
     * @param field   the column at fault (template column name), or null for the whole row
     * @param message the rule broken
     */
    public record RowError(int line, String field, String message) {
    }
}
