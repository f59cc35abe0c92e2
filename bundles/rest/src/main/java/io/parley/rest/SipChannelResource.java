package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.ivr.Prompt;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.IssuedChannel;
import io.parley.api.telephony.SipChannel;
import io.parley.api.telephony.NumberService;
import io.parley.api.telephony.SipChannelDraft;
import io.parley.api.telephony.SipChannelService;
import io.parley.api.telephony.TrunkNumberDraft;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * SIP channels, SPEC §1 ({@code /api/v1/sip-channels}, appliance administrator only) and the
 * numbers they carry, §2 ({@code /sip-channels/{id}/numbers}). The instance-level view of
 * the numbers, §3, is {@link NumberResource}.
 */
@Path("/sip-channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SIP channels")
public class SipChannelResource {

    private static final Set<String> FIELDS = Set.of("name", "number_type", "device_type", "docking_mode", "peers",
            "username", "password", "server_host", "server_port", "outbound_proxy_host", "outbound_proxy_port",
            "transport", "registration_expiry_s");
    static final Set<String> NUMBER_FIELDS = Set.of("number", "instance_id", "has_outbound_prefix", "outbound_prefix",
            "max_concurrent_calls", "max_calls_per_second", "call_type", "location", "inbound_ivr_id",
            "inbound_ivr_version", "outbound_ivr_id", "outbound_skill_group_ids", "prioritize_last_outbound_agent",
            "last_outbound_agent_mode", "usable_for_agent_mobile", "tags", "inbound_failure_prompt");
    /** An edit may also switch a number between active and disabled. */
    static final Set<String> NUMBER_EDIT_FIELDS = union(NUMBER_FIELDS, Set.of("status"));

    private final SipChannelService channels;
    /** The SIP layer's live trunk status, or null while the sip bundle is not running. */
    private final java.util.function.Supplier<io.parley.api.sip.TrunkService> trunks;

    SipChannelResource(SipChannelService channels) {
        this(channels, () -> null);
    }

    SipChannelResource(SipChannelService channels, java.util.function.Supplier<io.parley.api.sip.TrunkService> trunks) {
        this.channels = channels;
        this.trunks = trunks;
    }

    /** This resource and the instance-level numbers, for {@link RestServer}. */
    static List<Object> all(SipChannelService channels, NumberService numbers) {
        return all(channels, numbers, () -> null);
    }

    /** The same, with each channel's live status from {@code trunks} (which may give null). */
    static List<Object> all(SipChannelService channels, NumberService numbers,
                            java.util.function.Supplier<io.parley.api.sip.TrunkService> trunks) {
        return List.of(new SipChannelResource(channels, trunks), new NumberResource(numbers),
                new NumberBulkEditResource(numbers), new NumberTagResource(numbers), new NumberSettingsResource(numbers));
    }

    /** The live status of channel {@code id}, or null when the SIP layer does not (yet) report it. */
    private io.parley.api.sip.TrunkStatus live(long id) {
        io.parley.api.sip.TrunkService t = trunks.get();
        return t == null ? null : t.trunkStatus(id).orElse(null);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Create a SIP channel; an appliance_account answer carries gateway_password, shown this once",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.ChannelWrite.class))))
    public Response create(String body) {
        IssuedChannel issued = channels.create(draft(body));
        return Response.status(201).entity(SipChannelViews.ChannelView.of(issued, channels.serverInfo())).build();
    }

    @GET
    @Allowed(applianceAdmin = true)
    @Operation(summary = "List SIP channels by id; `q` matches the channel name or any number in the channel")
    public Views.PageView<SipChannelViews.ChannelView> list(@QueryParam("q") String q, @QueryParam("page") String page,
                                                            @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(channels.list(q, request),
                c -> SipChannelViews.ChannelView.of(c, null, channels.serverInfo(), live(c.id())));
    }

    @GET
    @Path("/{id}")
    @Allowed(applianceAdmin = true)
    @Operation(summary = "One SIP channel (never a password)")
    public SipChannelViews.ChannelView get(@PathParam("id") String id) {
        SipChannel c = channels.get(Json.pathId("id", id));
        return SipChannelViews.ChannelView.of(c, null, channels.serverInfo(), live(c.id()));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Change the given fields; docking_mode is immutable (422)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.ChannelWrite.class))))
    public SipChannelViews.ChannelView edit(@PathParam("id") String id, String body) {
        SipChannel c = channels.edit(Json.pathId("id", id), draft(body));
        return SipChannelViews.ChannelView.of(c, null, channels.serverInfo(), live(c.id()));
    }

    @POST
    @Path("/{id}:reset-password")
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Regenerate the gateway password of an appliance_account channel, shown this once (409 for other modes)")
    public SipChannelViews.ChannelView resetPassword(@PathParam("id") String id) {
        return SipChannelViews.ChannelView.of(channels.resetPassword(Json.pathId("id", id)), channels.serverInfo());
    }

    @DELETE
    @Path("/{id}")
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Delete a SIP channel; refused (409) while it holds numbers")
    public Response delete(@PathParam("id") String id) {
        channels.delete(Json.pathId("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/numbers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Add numbers to the channel: all or nothing (SPEC §2.2); a failing row is named numbers[i].field",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = SipChannelViews.NumbersAdd.class))))
    public Response addNumbers(@PathParam("id") String id, String body) {
        Json.Body json = Json.object(body, Set.of("numbers"));
        JsonNode rows = json.node().get("numbers");
        if (rows == null || rows.isNull()) {
            throw new InvalidException("numbers", "is required: a list of numbers");
        }
        if (!rows.isArray()) {
            throw new MalformedException("numbers", "must be an array of objects");
        }
        List<TrunkNumberDraft> drafts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            drafts.add(numberDraft(object(rows.get(i), "numbers[" + i + "]", NUMBER_FIELDS), "numbers[" + i + "]."));
        }
        List<SipChannelViews.NumberView> added = channels.addNumbers(Json.pathId("id", id), drafts).stream()
                .map(SipChannelViews.NumberView::of).toList();
        return Response.status(201).entity(new SipChannelViews.NumbersView(added)).build();
    }

    @GET
    @Path("/{id}/numbers")
    @Allowed(applianceAdmin = true)
    @Operation(summary = "The channel's numbers by id")
    public Views.PageView<SipChannelViews.NumberView> numbers(@PathParam("id") String id,
                                                              @QueryParam("page") String page,
                                                              @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(channels.numbers(Json.pathId("id", id), request), SipChannelViews.NumberView::of);
    }

    @DELETE
    @Path("/{id}/numbers/{numberId}")
    @Allowed(applianceAdmin = true)
    @Operation(summary = "Remove a number from the channel")
    public Response removeNumber(@PathParam("id") String id, @PathParam("numberId") String numberId) {
        channels.deleteNumber(Json.pathId("id", id), Json.pathId("numberId", numberId));
        return Response.noContent().build();
    }

    private static SipChannelDraft draft(String body) {
        Json.Body json = Json.object(body, FIELDS);
        List<SipChannelDraft.PeerDraft> peers = null;
        JsonNode p = json.node().get("peers");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw new MalformedException("peers", "must be an array of {ip, port}");
            }
            peers = new ArrayList<>();
            for (int i = 0; i < p.size(); i++) {
                Json.Body peer = object(p.get(i), "peers[" + i + "]", Set.of("ip", "port"));
                peers.add(new SipChannelDraft.PeerDraft(peer.string("ip"), peer.integer("port")));
            }
        }
        return new SipChannelDraft(json.string("name"), json.string("number_type"), json.string("device_type"),
                json.string("docking_mode"), peers, json.string("username"), json.string("password"),
                json.string("server_host"), json.integer("server_port"), json.string("outbound_proxy_host"),
                json.integer("outbound_proxy_port"), json.string("transport"), json.integer("registration_expiry_s"));
    }

    static TrunkNumberDraft numberDraft(Json.Body b, String at) {
        try {
            JsonNode instance = b.node().get("instance_id");
            Long instanceId = null;
            if (instance != null && !instance.isNull()) {
                if (!instance.isIntegralNumber() || !instance.canConvertToLong()) {
                    throw new MalformedException("instance_id", "must be an integer");
                }
                instanceId = instance.longValue();
            }
            return new TrunkNumberDraft(b.string("number"), instanceId, BodyParts.bool(b, "has_outbound_prefix"),
                    b.string("outbound_prefix"), b.integer("max_concurrent_calls"), b.integer("max_calls_per_second"),
                    b.string("call_type"), b.string("location"), longField(b, "inbound_ivr_id"),
                    b.string("inbound_ivr_version"), longField(b, "outbound_ivr_id"),
                    BodyParts.ids(b, "outbound_skill_group_ids"), BodyParts.bool(b, "prioritize_last_outbound_agent"),
                    b.string("last_outbound_agent_mode"), BodyParts.bool(b, "usable_for_agent_mobile"),
                    b.isNull("inbound_ivr_id"), b.isNull("outbound_ivr_id"), tags(b), b.string("status"),
                    prompt(b, "inbound_failure_prompt"), b.isNull("inbound_failure_prompt"));
        } catch (MalformedException e) {
            if (at.isEmpty()) {
                throw e;
            }
            String rule = e.getMessage().substring(e.field().length() + 2);
            throw new MalformedException(at + e.field(), rule);
        }
    }

    /** A SPEC §0.3 prompt object {mode, text, voice, audio_id}; the service checks its rules. */
    private static Prompt prompt(Json.Body b, String field) {
        JsonNode v = b.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Json.Body p = object(v, field, Set.of("mode", "text", "voice", "audio_id"));
        String mode;
        try {
            mode = p.string("mode");
            Prompt.Mode m = mode == null ? Prompt.Mode.TTS : switch (mode) {
                case "tts" -> Prompt.Mode.TTS;
                case "audio" -> Prompt.Mode.AUDIO;
                default -> throw new InvalidException(field + ".mode", "must be tts or audio");
            };
            return new Prompt(m, p.string("text"), p.string("voice"), p.string("audio_id"));
        } catch (MalformedException e) {
            throw new MalformedException(field + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** {@code tags}: absent keeps the number's tags; null or [] removes them all. */
    private static List<String> tags(Json.Body b) {
        if (b.isNull("tags")) {
            return List.of();
        }
        return BodyParts.strings(b, "tags");
    }

    private static Long longField(Json.Body b, String field) {
        JsonNode v = b.node().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MalformedException(field, "must be an integer");
        }
        return v.longValue();
    }

    static Json.Body object(JsonNode node, String at, Set<String> allowed) {
        if (!(node instanceof ObjectNode o)) {
            throw new MalformedException(at, "must be an object");
        }
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new MalformedException(at + "." + name, "unknown field; allowed fields are " + new TreeSet<>(allowed));
            }
        }
        return new Json.Body(o);
    }
}
