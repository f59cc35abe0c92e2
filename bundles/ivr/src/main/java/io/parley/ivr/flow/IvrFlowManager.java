package io.parley.ivr.flow;

import io.parley.api.audio.AudioFileService;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.error.TextRules;
import io.parley.api.ivr.FlowReferences;
import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrEdge;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.SelfService;
import io.parley.api.store.SelfServiceStore;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.skillgroup.SkillGroupService;
import io.parley.api.store.IvrFlowStore;
import io.parley.api.store.IvrFlowStore.Binding;
import io.parley.api.store.IvrFlowStore.FlowRow;
import io.parley.api.store.IvrFlowStore.VersionRow;
import io.parley.api.telephony.NumberService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * IVR flows and versions with the rules of SPEC §7 and §9. A version is validated whenever it
 * is saved, against the node types installed at that moment; the status stored then decides
 * whether it can be bound and run. Reading a version validates it again, so {@code problems}
 * always tells the state of today's installation.
 */
@Component(service = IvrFlowService.class)
public class IvrFlowManager implements IvrFlowService {

    static final int NAME_MAX = 64;
    static final int NOTES_MAX = 200;
    static final int TEMPLATE_MAX = 64;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,20}");

    private final IvrFlowStore store;
    private final GraphValidator validator;
    private final FlowJson json = new FlowJson();
    private final Ulid ulid = new Ulid();
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AudioFileService audioFiles;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SkillGroupService skillGroups;
    /**
     * Telephony's numbers, looked up when a flow is validated rather than referenced: telephony
     * references this service to check a number's binding, and a reference each way made DS
     * activate them into a cycle ("ServiceFactory.getService() resulted in a cycle").
     */
    private final Function<Predicate<NumberService>, Boolean> numbers;

    @Activate
    public IvrFlowManager(BundleContext context, @Reference IvrFlowStore store, @Reference IvrNodeTypeCatalog catalog) {
        this(store, catalog, Clock.systemUTC(), check -> {
            ServiceReference<NumberService> ref = context.getServiceReference(NumberService.class);
            NumberService n = ref == null ? null : context.getService(ref);
            try {
                return check.test(n);
            } finally {
                if (n != null) {
                    context.ungetService(ref);
                }
            }
        });
    }

    /** Without telephony's numbers (tests, and callers outside OSGi). */
    public IvrFlowManager(IvrFlowStore store, IvrNodeTypeCatalog catalog) {
        this(store, catalog, Clock.systemUTC());
    }

    IvrFlowManager(IvrFlowStore store, IvrNodeTypeCatalog catalog, Clock clock) {
        this(store, catalog, clock, check -> check.test(null));
    }

    /** @param numbers runs a check with telephony's numbers (null while telephony is not running) */
    IvrFlowManager(IvrFlowStore store, IvrNodeTypeCatalog catalog, Clock clock,
                   Function<Predicate<NumberService>, Boolean> numbers) {
        this.store = store;
        this.validator = new GraphValidator(catalog);
        this.clock = clock;
        this.numbers = numbers;
    }

    @Override
    public Page<IvrFlow> list(long instanceId, String kind, String q, PageRequest page) {
        if (kind != null) {
            kind(kind);
        }
        return store.listFlows(instanceId, kind, q, page).map(this::flow);
    }

    @Override
    public IvrFlow get(long instanceId, long flowId) {
        return flow(row(instanceId, flowId));
    }

    @Override
    public IvrFlow create(long instanceId, String kind, String name, String template) {
        return create(instanceId, kind(kind), name(name), template, startToEnd(), null);
    }

    @Override
    public IvrFlow rename(long instanceId, long flowId, String name) {
        row(instanceId, flowId);
        store.renameFlow(instanceId, flowId, name(name), clock.instant());
        return get(instanceId, flowId);
    }

    @Override
    public void delete(long instanceId, long flowId) {
        row(instanceId, flowId);
        List<Binding> bound = store.bindings(instanceId, flowId);
        if (!bound.isEmpty()) {
            throw new ConflictException("id", "IVR flow " + flowId + " is bound to number " + bound.get(0).number()
                    + " (" + bound.get(0).direction() + "); unbind it first");
        }
        SelfServiceStore self = selfServices;
        List<SelfService> using = self == null ? List.of() : self.usingFlow(instanceId, flowId);
        if (!using.isEmpty()) {
            throw new ConflictException("id", "IVR flow " + flowId + " runs self-service " + using.get(0).id() + " ("
                    + using.get(0).name() + "); change or delete it first");
        }
        store.deleteFlow(instanceId, flowId);
    }

    // the self-services that run flows (SPEC §7.5 delete rule); optional so that tests need no store
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SelfServiceStore selfServices;

    @Override
    public IvrVersion version(long instanceId, long flowId, String version) {
        row(instanceId, flowId);
        return version(instanceId, versionRow(flowId, version));
    }

    @Override
    public IvrVersion addVersion(long instanceId, long flowId, String version, String basedOn, String notes) {
        row(instanceId, flowId);
        String name = versionName(version);
        String base = basedOn == null || basedOn.isBlank() ? IvrVersion.MAIN : basedOn;
        VersionRow from = store.findVersion(flowId, base)
                .orElseThrow(() -> new InvalidException("based_on", "flow " + flowId + " has no version " + base));
        IvrGraph graph = json.parseGraph(from.graphJson());
        store.insertVersion(new VersionRow(flowId, name, base, notes(notes), status(instanceId, graph), clock.instant(),
                from.graphJson()));
        return version(instanceId, flowId, name);
    }

    @Override
    public IvrVersion saveVersion(long instanceId, long flowId, String version, IvrGraph graph, String notes) {
        row(instanceId, flowId);
        VersionRow old = versionRow(flowId, version);
        String status = status(instanceId, graph);
        if (!IvrVersion.PUBLISHED.equals(status)) {
            Optional<Binding> bound = bound(instanceId, flowId, version);
            if (bound.isPresent()) {
                throw new ConflictException("graph", "version " + version + " is bound to number " + bound.get().number()
                        + " and the graph has errors (" + firstError(instanceId, graph) + "); a bound version must stay valid");
            }
        }
        store.updateVersion(new VersionRow(flowId, old.version(), old.basedOn(), notes == null ? old.notes() : notes(notes),
                status, clock.instant(), json.write(graph)));
        return version(instanceId, flowId, version);
    }

    @Override
    public void deleteVersion(long instanceId, long flowId, String version) {
        row(instanceId, flowId);
        versionRow(flowId, version);
        if (IvrVersion.MAIN.equals(version)) {
            throw new ConflictException("version", "MAIN cannot be deleted");
        }
        Optional<Binding> bound = bound(instanceId, flowId, version);
        if (bound.isPresent()) {
            throw new ConflictException("version", "version " + version + " is bound to number " + bound.get().number());
        }
        store.deleteVersion(flowId, version);
    }

    @Override
    public IvrFlow copyVersion(long instanceId, long flowId, String version, String targetFlowName) {
        FlowRow f = row(instanceId, flowId);
        VersionRow v = versionRow(flowId, version);
        return create(instanceId, f.kind(), nameAt("target_flow_name", targetFlowName), f.template(),
                json.parseGraph(v.graphJson()), v.notes());
    }

    @Override
    public String export(long instanceId, long flowId, String version) {
        FlowRow f = row(instanceId, flowId);
        VersionRow v = versionRow(flowId, version);
        return json.export(new FlowJson.Exported(f.kind(), f.name(), v.version(), v.notes(), json.parseGraph(v.graphJson())));
    }

    @Override
    public IvrFlow importFlow(long instanceId, String document, String name) {
        FlowJson.Exported e = json.parseExport(document);
        return create(instanceId, kind(e.kind()), name(name == null ? e.name() : name), null, e.graph(), e.notes());
    }

    @Override
    public IvrGraph parseGraph(String text) {
        return json.parseGraph(text);
    }

    @Override
    public List<GraphProblem> validate(long instanceId, String kind, IvrGraph graph) {
        kind(kind);
        return validator.validate(graph, references(instanceId));
    }

    @Override
    public void checkBindable(long instanceId, long flowId, String version, String kind, String field, String number) {
        String v = version == null ? IvrVersion.MAIN : version;
        FlowRow f = store.findFlow(instanceId, flowId).orElseThrow(() -> new ConflictException(field,
                "number " + number + ": IVR flow " + flowId + " does not exist in instance " + instanceId));
        if (!f.kind().equals(kind)) {
            throw new ConflictException(field, "number " + number + ": IVR flow " + flowId + " is of kind " + f.kind()
                    + ", not " + kind);
        }
        VersionRow row = store.findVersion(flowId, v).orElseThrow(() -> new ConflictException(field,
                "number " + number + ": IVR flow " + flowId + " has no version " + v));
        if (!IvrVersion.PUBLISHED.equals(row.status())) {
            throw new ConflictException(field, "number " + number + ": version " + v + " of IVR flow " + flowId
                    + " is a draft (it failed validation) and cannot be bound");
        }
    }

    private IvrFlow create(long instanceId, String kind, String name, String template, IvrGraph graph, String notes) {
        String t = template == null || template.isBlank() ? "" : TextRules.required("template", template, TEMPLATE_MAX);
        Instant now = clock.instant();
        long id = store.insertFlow(new FlowRow(0, instanceId, kind, name, t, now),
                new VersionRow(0, IvrVersion.MAIN, null, notes(notes), status(instanceId, graph), now, json.write(graph)));
        return get(instanceId, id);
    }

    private IvrGraph startToEnd() {
        String end = ulid.next();
        return new IvrGraph(List.of(
                new IvrNode(IvrGraph.START_ID, GraphValidator.START, "Start", Map.of("x", 0, "y", 0), Map.of()),
                new IvrNode(end, GraphValidator.END, "End", Map.of("x", 0, "y", 200), Map.of())),
                List.of(new IvrEdge(IvrGraph.START_ID, "next", end)));
    }

    private String status(long instanceId, IvrGraph graph) {
        return validator.validate(graph, references(instanceId)).stream().anyMatch(GraphProblem::isError) ? IvrVersion.DRAFT : IvrVersion.PUBLISHED;
    }

    private String firstError(long instanceId, IvrGraph graph) {
        return validator.validate(graph, references(instanceId)).stream().filter(GraphProblem::isError).findFirst()
                .map(p -> (p.nodeId() == null ? "" : "node " + p.nodeId() + " ") + p.field() + ": " + p.rule()).orElse("");
    }

    /**
     * SPEC §7.3 rule 4 look-ups over the services present now; one that is away (its feature not
     * installed) cannot refuse a reference, so the check passes rather than block every save.
     */
    private FlowReferences references(long instanceId) {
        return new FlowReferences() {
            @Override
            public long instanceId() {
                return instanceId;
            }

            @Override
            public boolean audioApproved(String audioId) {
                AudioFileService a = audioFiles;
                try {
                    return a == null || io.parley.api.audio.AudioFile.APPROVED.equals(a.get(instanceId, audioId).reviewStatus());
                } catch (RuntimeException e) {
                    return false;
                }
            }

            @Override
            public boolean skillGroupExists(long skillGroupId) {
                SkillGroupService g = skillGroups;
                try {
                    return g == null || g.get(instanceId, skillGroupId) != null;
                } catch (RuntimeException e) {
                    return false;
                }
            }

            @Override
            public boolean outboundNumber(String number) {
                try {
                    return numbers.apply(n -> n == null || n.list(instanceId, number, PageRequest.of(1, 100)).items()
                            .stream().anyMatch(t -> t.number().equals(number) && t.placesOutbound()));
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }

    private Optional<Binding> bound(long instanceId, long flowId, String version) {
        return store.bindings(instanceId, flowId).stream().filter(b -> version.equals(b.version())).findFirst();
    }

    private IvrFlow flow(FlowRow f) {
        List<VersionRow> versions = store.versions(f.id());
        List<IvrFlow.VersionSummary> summaries = versions.stream()
                .map(v -> new IvrFlow.VersionSummary(v.version(), v.basedOn(), v.notes(), v.status(), v.updatedAt()))
                .toList();
        String status = versions.stream().anyMatch(v -> IvrVersion.PUBLISHED.equals(v.status()))
                ? IvrVersion.PUBLISHED : IvrVersion.DRAFT;
        List<String> numbers = store.bindings(f.instanceId(), f.id()).stream().map(Binding::number).distinct().toList();
        return new IvrFlow(f.id(), f.instanceId(), f.kind(), f.name(), f.template(), status, f.updatedAt(), summaries,
                numbers);
    }

    private IvrVersion version(long instanceId, VersionRow v) {
        IvrGraph graph = json.parseGraph(v.graphJson());
        return new IvrVersion(v.flowId(), v.version(), v.basedOn(), v.notes(), v.status(), v.updatedAt(), graph,
                validator.validate(graph, references(instanceId)));
    }

    private FlowRow row(long instanceId, long flowId) {
        return store.findFlow(instanceId, flowId).orElseThrow(() -> new NotFoundException("IVR flow", flowId));
    }

    private VersionRow versionRow(long flowId, String version) {
        return store.findVersion(flowId, version).orElseThrow(() -> new NotFoundException("IVR version", version));
    }

    private static String kind(String kind) {
        if (kind == null || !IvrFlow.KINDS.contains(kind)) {
            throw new InvalidException("kind", "must be one of " + IvrFlow.KINDS);
        }
        return kind;
    }

    private static String name(String name) {
        return nameAt("name", name);
    }

    private static String nameAt(String field, String name) {
        return TextRules.required(field, name == null ? null : name.strip(), NAME_MAX);
    }

    private static String versionName(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new InvalidException("version", "must be 1..20 characters of A-Z a-z 0-9 . _ -");
        }
        return version;
    }

    private static String notes(String notes) {
        if (notes != null && notes.length() > NOTES_MAX) {
            throw new InvalidException("notes", "must be at most " + NOTES_MAX + " characters");
        }
        return notes == null ? "" : notes;
    }
}
