package io.parley.ivr.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.api.audio.AudioFileService;
import io.parley.api.call.CallInfo;
import io.parley.api.call.CallStatus;
import io.parley.api.call.LegInfo;
import io.parley.api.error.MalformedException;
import io.parley.api.error.NotFoundException;
import io.parley.api.event.CallEvents;
import io.parley.api.instance.InstanceService;
import io.parley.api.ivr.FlowSimulation;
import io.parley.api.ivr.IvrGraph;
import io.parley.api.ivr.IvrNodeTypeCatalog;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.ivr.SimulationResult;
import io.parley.api.ivr.SimulationScript;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.store.IvrFlowStore;
import io.parley.ivr.flow.FlowJson;
import io.parley.ivr.flow.Ulid;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Flow simulation (issue 11): a {@link SimulatedRun} — the engine's {@link FlowRun} with the
 * call side scripted — on the caller's thread, its trace collected instead of posted.
 */
@Component(service = FlowSimulation.class)
public class FlowSimulator implements FlowSimulation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SCRIPT_FIELDS = Set.of("caller_number", "callee_number", "now", "inputs",
            "hang_up_at_visit", "hang_up_at_node", "api_answers", "transfers");
    private static final Set<String> INPUT_FIELDS = Set.of("node", "keys", "speech", "record_seconds");

    private final IvrNodeTypeCatalog catalog;
    private final IvrFlowStore flows;
    private final InstanceService instances;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final FlowJson json = new FlowJson();
    private final Ulid ids = new Ulid();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AudioFileService audioFiles;

    @Activate
    public FlowSimulator(@Reference IvrNodeTypeCatalog catalog, @Reference IvrFlowStore flows,
                         @Reference InstanceService instances) {
        this.catalog = catalog;
        this.flows = flows;
        this.instances = instances;
    }

    @Override
    public SimulationResult simulate(long instanceId, long flowId, String version, SimulationScript script) {
        flows.findFlow(instanceId, flowId).orElseThrow(() -> new NotFoundException("IVR flow", flowId));
        IvrFlowStore.VersionRow row = flows.findVersion(flowId, version)
                .orElseThrow(() -> new NotFoundException("IVR version", version));
        IvrGraph graph = json.parseGraph(row.graphJson());
        SimulationScript s = script == null ? SimulationScript.empty() : script;
        List<Map<String, Object>> trace = new ArrayList<>();
        EngineServices env = new EngineServices(null, null, catalog, (topic, p) -> {
            Map<String, Object> e = new TreeMap<>(p);
            e.put("topic", topic);
            trace.add(e);
        }, id -> zone(id), (instance, audioId) -> {
            AudioFileService a = audioFiles;
            return a == null ? null : a.playable(instance, audioId);
        }, new StubbedHttp(http, s.apiAnswers()), Path.of(System.getProperty("karaf.data", "data"), "parley", "ivr"),
                null);
        String session = "sim-" + ids.next();
        Instant now = Instant.now();
        LegInfo leg = new LegInfo(session + "-0", "caller", "customer", "simulation", LegInfo.ANSWERED, 200, null,
                0, 0, now, null);
        CallInfo call = new CallInfo(session, instanceId, "inbound", "telephone",
                s.callerNumber() == null ? "008613900000001" : s.callerNumber(),
                s.calleeNumber() == null ? "4000000000" : s.calleeNumber(), CallInfo.ANSWERED, List.of(leg), now, "calling");
        SimulatedRun run = new SimulatedRun(env, call, flowId, version, graph, s);
        run.run();
        return result(run, row, trace);
    }

    static SimulationResult result(SimulatedRun run, IvrFlowStore.VersionRow row, List<Map<String, Object>> trace) {
        List<SimulationResult.Step> path = new ArrayList<>();
        String reason = "end";
        String status = CallStatus.IVR_ENDED;
        int visits = 0;
        for (Map<String, Object> e : trace) {
            if (CallEvents.IVR_NODE.equals(e.get("topic"))) {
                int visit = ((Number) e.get(CallEvents.IVR_VISIT)).intValue();
                List<String> said = visit - 1 < run.said.size() ? run.said.get(visit - 1) : List.of();
                path.add(new SimulationResult.Step(visit, (String) e.get(CallEvents.IVR_NODE_ID),
                        (String) e.get(CallEvents.IVR_NODE_LABEL), (String) e.get(CallEvents.IVR_NODE_TYPE),
                        (String) e.get(CallEvents.IVR_PORT), (String) e.get(CallEvents.IVR_KEYS),
                        (String) e.get(CallEvents.IVR_DETAILS), said));
            } else if (CallEvents.IVR_ENDED.equals(e.get("topic"))) {
                reason = (String) e.get(CallEvents.IVR_END_REASON);
                status = (String) e.get(CallEvents.STATUS);
                visits = ((Number) e.get(CallEvents.IVR_VISITS)).intValue();
            }
        }
        if (run.apologised && !path.isEmpty()) {
            SimulationResult.Step last = path.remove(path.size() - 1);
            List<String> said = new ArrayList<>(last.said());
            said.add(FlowRun.APOLOGY);
            path.add(new SimulationResult.Step(last.visit(), last.nodeId(), last.label(), last.type(), last.port(),
                    last.keys(), last.details(), said));
        }
        return new SimulationResult(row.flowId(), row.version(), !IvrVersion.PUBLISHED.equals(row.status()), reason,
                status, visits, path, new TreeMap<>(run.variables), run.inputsLeft());
    }

    private ZoneId zone(long instanceId) {
        try {
            return ZoneId.of(instances.get(instanceId).timeZone());
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    @Override
    public SimulationScript parseScript(String text) {
        if (text == null || text.isBlank()) {
            return SimulationScript.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            throw new MalformedException(null, "the script is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedException(null, "the script must be a JSON object");
        }
        known(root, SCRIPT_FIELDS, "");
        List<SimulationScript.Input> inputs = new ArrayList<>();
        JsonNode in = root.get("inputs");
        if (in != null && !in.isNull()) {
            if (!in.isArray()) {
                throw new MalformedException("inputs", "must be an array of {node, keys, speech, record_seconds}");
            }
            for (int i = 0; i < in.size(); i++) {
                String at = "inputs[" + i + "]";
                JsonNode item = in.get(i);
                if (!item.isObject()) {
                    throw new MalformedException(at, "must be an object {node, keys, speech, record_seconds}");
                }
                known(item, INPUT_FIELDS, at + ".");
                String keys = text(item, "keys", at + ".keys");
                if (keys != null && !keys.matches("[0-9*#]{0,64}")) {
                    throw new MalformedException(at + ".keys", "must be up to 64 of the keys 0-9 * #");
                }
                Integer seconds = integer(item, "record_seconds", at + ".record_seconds", 0, 3600);
                inputs.add(new SimulationScript.Input(text(item, "node", at + ".node"), keys,
                        text(item, "speech", at + ".speech"), seconds));
            }
        }
        Instant now = null;
        String nowText = text(root, "now", "now");
        if (nowText != null) {
            try {
                now = OffsetDateTime.parse(nowText).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedException("now", "must be an ISO-8601 date-time with offset, e.g. 2026-12-25T10:00:00+08:00");
            }
        }
        Map<String, SimulationScript.ApiAnswer> answers = new LinkedHashMap<>();
        JsonNode api = root.get("api_answers");
        if (api != null && !api.isNull()) {
            if (!api.isObject()) {
                throw new MalformedException("api_answers", "must be an object: URL -> {status, body}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = api.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "api_answers." + e.getKey();
                if (!e.getValue().isObject()) {
                    throw new MalformedException(at, "must be an object {status, body}");
                }
                known(e.getValue(), Set.of("status", "body"), at + ".");
                Integer st = integer(e.getValue(), "status", at + ".status", 100, 599);
                JsonNode body = e.getValue().get("body");
                String bodyText = body == null || body.isNull() ? null : body.isTextual() ? body.asText() : body.toString();
                answers.put(e.getKey(), new SimulationScript.ApiAnswer(st == null ? 200 : st, bodyText));
            }
        }
        Map<String, TransferOutcome> transfers = new LinkedHashMap<>();
        JsonNode tr = root.get("transfers");
        if (tr != null && !tr.isNull()) {
            if (!tr.isObject()) {
                throw new MalformedException("transfers", "must be an object: node id -> {connected, reason}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = tr.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "transfers." + e.getKey();
                if (!e.getValue().isObject()) {
                    throw new MalformedException(at, "must be an object {connected, reason, answered_by}");
                }
                known(e.getValue(), Set.of("connected", "reason", "answered_by"), at + ".");
                JsonNode c = e.getValue().get("connected");
                if (c != null && !c.isBoolean()) {
                    throw new MalformedException(at + ".connected", "must be true or false");
                }
                boolean connected = c != null && c.asBoolean();
                String reason = text(e.getValue(), "reason", at + ".reason");
                transfers.put(e.getKey(), new TransferOutcome(connected,
                        reason != null ? reason : connected ? TransferOutcome.AGENT_HUNG_UP : TransferOutcome.NO_ANSWER,
                        text(e.getValue(), "answered_by", at + ".answered_by")));
            }
        }
        return new SimulationScript(text(root, "caller_number", "caller_number"),
                text(root, "callee_number", "callee_number"), now, inputs,
                integer(root, "hang_up_at_visit", "hang_up_at_visit", 1, 1000), text(root, "hang_up_at_node", "hang_up_at_node"),
                answers, transfers);
    }

    private static void known(JsonNode object, Set<String> allowed, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new MalformedException(prefix + name, "unknown field; allowed fields are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode object, String name, String field) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedException(field, "must be a string");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode object, String name, String field, int min, int max) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new MalformedException(field, "must be an integer " + min + ".." + max);
        }
        return v.asInt();
    }
}
