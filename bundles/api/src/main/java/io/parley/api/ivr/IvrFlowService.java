package io.parley.api.ivr;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.List;

/**
 * IVR flows and their versions (SPEC §7, §9), shared by REST, the shell and the number
 * binding. Saving a version validates its graph (SPEC §7.3) against the node types installed
 * at that moment: with an error it is stored as {@code draft} and cannot be bound.
 *
 * <pre>{@code
 * IvrFlow f = flows.create(instanceId, IvrFlow.INBOUND, "Hotline", null);      // MAIN: start -> end
 * IvrVersion v = flows.addVersion(instanceId, f.id(), "v2", "MAIN", "menu with sales");
 * v = flows.saveVersion(instanceId, f.id(), "v2", flows.parseGraph(json), null);
 * if (!v.isPublished()) v.problems();                                             // why not
 * String doc = flows.export(instanceId, f.id(), "v2");
 * IvrFlow copy = flows.importFlow(instanceId, doc, "Hotline (test)");
 * }</pre>
 */
public interface IvrFlowService {

    /** Flows of the instance, of {@code kind} (null: all) whose name contains {@code q} or whose id is {@code q}. */
    Page<IvrFlow> list(long instanceId, String kind, String q, PageRequest page);

    /** @throws io.parley.api.error.NotFoundException when absent */
    IvrFlow get(long instanceId, long flowId);

    /**
     * Creates a flow with its MAIN version holding a Start and an End joined by an edge.
     *
     * @throws io.parley.api.error.InvalidException  {@code kind} not one of {@link IvrFlow#KINDS}, name not 1..64
     * @throws io.parley.api.error.ConflictException the name is taken within the kind
     */
    IvrFlow create(long instanceId, String kind, String name, String template);

    IvrFlow rename(long instanceId, long flowId, String name);

    /** @throws io.parley.api.error.ConflictException while a version is bound (the message names the number) */
    void delete(long instanceId, long flowId);

    /** A version with its graph and what validation finds now. */
    IvrVersion version(long instanceId, long flowId, String version);

    /**
     * Adds a version whose graph is a copy of {@code basedOn}'s (null: MAIN); the base is untouched.
     *
     * @throws io.parley.api.error.InvalidException  version not 1..20 of {@code [A-Za-z0-9._-]}, notes over 200
     * @throws io.parley.api.error.ConflictException the version exists
     */
    IvrVersion addVersion(long instanceId, long flowId, String version, String basedOn, String notes);

    /**
     * Replaces the graph (and the notes when not null) and validates it: published without errors,
     * draft otherwise. A draft that is bound stays bound for the calls of the version read before;
     * the save is refused (409) when it would turn a bound version into a draft.
     */
    IvrVersion saveVersion(long instanceId, long flowId, String version, IvrGraph graph, String notes);

    /** @throws io.parley.api.error.ConflictException for MAIN, or while bound */
    void deleteVersion(long instanceId, long flowId, String version);

    /** A new flow of the same kind named {@code targetFlowName} whose MAIN is this version's graph. */
    IvrFlow copyVersion(long instanceId, long flowId, String version, String targetFlowName);

    /** The version as a JSON document ({@code docs/ivr-flow-format.md}). */
    String export(long instanceId, long flowId, String version);

    /**
     * A new flow from an exported document, its graph becoming MAIN (validated like a save).
     *
     * @param name the new flow's name, or null for the document's
     * @throws io.parley.api.error.MalformedException the document is not JSON of that format
     */
    IvrFlow importFlow(long instanceId, String document, String name);

    /** Parses a graph ({@code {"nodes":[…],"edges":[…]}}); 400 naming the field when it is not one. */
    IvrGraph parseGraph(String json);

    /** SPEC §7.3 on a graph, with the node types installed now; nothing is saved. */
    List<GraphProblem> validate(long instanceId, String kind, IvrGraph graph);

    /**
     * Checks that a number may bind this flow version (SPEC §3.2: only a saved valid version
     * of the right kind).
     *
     * @param kind   {@link IvrFlow#INBOUND} or {@link IvrFlow#OUTBOUND}
     * @param field  the number's field to name in the error, e.g. {@code inbound_ivr_id}
     * @param number the number, named in the error
     * @throws io.parley.api.error.ConflictException the flow or version does not exist, is of another kind or is a draft
     */
    void checkBindable(long instanceId, long flowId, String version, String kind, String field, String number);
}
