package io.parley.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.api.error.InvalidException;
import io.parley.api.error.MalformedException;
import io.parley.api.paging.PageRequest;
import io.parley.api.telephony.IssuedPhone;
import io.parley.api.telephony.SipPhoneDraft;
import io.parley.api.telephony.SipPhoneService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
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

/** SIP phones, SPEC §12: {@code {I}/phones}, addressed by extension. */
@Path("/instances/{instanceId}/phones")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SIP phones")
public class SipPhoneResource {

    private static final Set<String> FIELDS = Set.of("extension", "name", "binding", "transport");
    private static final Set<String> BINDING_FIELDS = Set.of("type", "agent_id", "skill_group_ids");

    private final SipPhoneService phones;

    SipPhoneResource(SipPhoneService phones) {
        this.phones = phones;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "phones")
    @Operation(summary = "Create a SIP phone; the answer carries sip_password, shown this once",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TelephonyViews.PhoneWrite.class))))
    public Response create(@PathParam("instanceId") String instanceId, String body) {
        IssuedPhone issued = phones.create(Json.pathId("instanceId", instanceId), draft(body));
        return Response.status(201).entity(TelephonyViews.IssuedPhoneView.of(issued, phones.serverInfo())).build();
    }

    @GET
    @Allowed(permission = "phones")
    @Operation(summary = "List SIP phones by extension; `q` matches extension, name or a bound skill group's name")
    public Views.PageView<TelephonyViews.PhoneView> list(@PathParam("instanceId") String instanceId,
                                                         @QueryParam("q") String q,
                                                         @QueryParam("page") String page,
                                                         @QueryParam("page_size") String pageSize) {
        PageRequest request = PageRequest.of(Json.queryInt("page", page), Json.queryInt("page_size", pageSize));
        return Views.PageView.of(phones.list(Json.pathId("instanceId", instanceId), q, request),
                p -> TelephonyViews.PhoneView.of(p, phones.serverInfo()));
    }

    @GET
    @Path("/{extension}")
    @Allowed(permission = "phones")
    @Operation(summary = "One SIP phone (never its password)")
    public TelephonyViews.PhoneView get(@PathParam("instanceId") String instanceId,
                                        @PathParam("extension") String extension) {
        return TelephonyViews.PhoneView.of(phones.get(Json.pathId("instanceId", instanceId), extension),
                phones.serverInfo());
    }

    @PATCH
    @Path("/{extension}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "phones")
    @Operation(summary = "Change name, binding or transport; the extension is immutable",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = TelephonyViews.PhoneWrite.class))))
    public TelephonyViews.PhoneView edit(@PathParam("instanceId") String instanceId,
                                         @PathParam("extension") String extension, String body) {
        return TelephonyViews.PhoneView.of(phones.edit(Json.pathId("instanceId", instanceId), extension, draft(body)),
                phones.serverInfo());
    }

    @POST
    @Path("/{extension}:reset-password")
    @Allowed(permission = "phones")
    @Operation(summary = "Generate a new SIP password, shown this once; registrations must re-authenticate")
    public TelephonyViews.IssuedPhoneView resetPassword(@PathParam("instanceId") String instanceId,
                                                        @PathParam("extension") String extension) {
        return TelephonyViews.IssuedPhoneView.of(phones.resetPassword(Json.pathId("instanceId", instanceId), extension),
                phones.serverInfo());
    }

    @GET
    @Path("/{extension}/provisioning")
    @Allowed(permission = "phones")
    @Operation(summary = "The values to type into the phone (the password is shown only at creation or reset)")
    public TelephonyViews.ProvisioningView provisioning(@PathParam("instanceId") String instanceId,
                                                        @PathParam("extension") String extension) {
        return TelephonyViews.ProvisioningView.of(phones.provisioning(Json.pathId("instanceId", instanceId), extension),
                phones.serverInfo());
    }

    @DELETE
    @Path("/{extension}")
    @Allowed(permission = "phones")
    @Operation(summary = "Delete a SIP phone")
    public Response delete(@PathParam("instanceId") String instanceId, @PathParam("extension") String extension) {
        phones.delete(Json.pathId("instanceId", instanceId), extension);
        return Response.noContent().build();
    }

    private static SipPhoneDraft draft(String body) {
        Json.Body json = Json.object(body, FIELDS);
        if (json.isNull("name")) {
            throw new InvalidException("name", "must not be null");
        }
        String type = null;
        String agentId = null;
        List<Long> groups = null;
        JsonNode binding = json.node().get("binding");
        if (binding != null && !binding.isNull()) {
            if (!(binding instanceof ObjectNode object)) {
                throw new MalformedException("binding", "must be an object {type, agent_id?, skill_group_ids?}");
            }
            object.fieldNames().forEachRemaining(f -> {
                if (!BINDING_FIELDS.contains(f)) {
                    throw new MalformedException("binding." + f, "unknown field; allowed fields are " + BINDING_FIELDS);
                }
            });
            Json.Body b = new Json.Body(object);
            type = b.string("type");
            if (type == null) {
                throw new InvalidException("binding.type", "is required: none, agent or skill_group");
            }
            agentId = b.string("agent_id");
            groups = BodyParts.ids(b, "skill_group_ids");
        }
        return new SipPhoneDraft(json.string("extension"), json.string("name"), type, agentId, groups,
                json.string("transport"));
    }
}
