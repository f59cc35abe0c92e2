package io.parley.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.api.error.MalformedException;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.SettingsSection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * The settings pages {@code {I}/settings/inbound} (SPEC §15.1, permission telephony_settings),
 * {@code {I}/settings/outbound} (§11.1, numbers) and {@code {I}/settings/general} (§21.1, §24.1,
 * §25, §26.1, telephony_settings) and {@code {I}/settings/push} (§29.3, storage). PATCH takes a JSON merge patch: objects merge, null restores a
 * field's default; the whole page is validated before anything changes. Each page is a GET and a
 * PATCH of one line on {@link #view}/{@link #update}, declaring its own permission and schema.
 * (The root is {@code /instances/{instanceId}/settings}: the pages of other resources under it,
 * {@code settings/numbers} and {@code settings/basic}, have longer literal paths and still win.)
 */
@Path("/instances/{instanceId}/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "settings")
public final class SettingsResource {

    private final InstanceSettingsService settings;

    SettingsResource(InstanceSettingsService settings) {
        this.settings = settings;
    }

    static List<Object> all(InstanceSettingsService settings) {
        return List.of(new SettingsResource(settings));
    }

    private Map<String, Object> view(String instanceId, SettingsSection section) {
        return settings.view(Json.pathId("instanceId", instanceId), section);
    }

    private Map<String, Object> update(String instanceId, SettingsSection section, String body) {
        return settings.update(Json.pathId("instanceId", instanceId), section, patch(body));
    }

    @GET
    @Path("/inbound")
    @Allowed(permission = "telephony_settings")
    @Operation(summary = "Inbound routing and answering settings",
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InboundView.class))))
    public Map<String, Object> inbound(@PathParam("instanceId") String instanceId) {
        return view(instanceId, SettingsSection.INBOUND);
    }

    @PATCH
    @Path("/inbound")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "telephony_settings")
    @Operation(summary = "Change inbound settings (JSON merge patch; all-or-nothing)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = InboundView.class))),
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InboundView.class))))
    public Map<String, Object> patchInbound(@PathParam("instanceId") String instanceId, String body) {
        return update(instanceId, SettingsSection.INBOUND, body);
    }

    @GET
    @Path("/outbound")
    @Allowed(permission = "numbers")
    @Operation(summary = "Outbound caller-number settings",
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OutboundView.class))))
    public Map<String, Object> outbound(@PathParam("instanceId") String instanceId) {
        return view(instanceId, SettingsSection.OUTBOUND);
    }

    @PATCH
    @Path("/outbound")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "numbers")
    @Operation(summary = "Change outbound settings (JSON merge patch; all-or-nothing)",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = OutboundView.class))),
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OutboundView.class))))
    public Map<String, Object> patchOutbound(@PathParam("instanceId") String instanceId, String body) {
        return update(instanceId, SettingsSection.OUTBOUND, body);
    }

    @GET
    @Path("/general")
    @Allowed(permission = "telephony_settings")
    @Operation(summary = "Hold audio, number protection and mapping, agent blocklisting",
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GeneralView.class))))
    public Map<String, Object> general(@PathParam("instanceId") String instanceId) {
        return view(instanceId, SettingsSection.GENERAL);
    }

    @PATCH
    @Path("/general")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "telephony_settings")
    @Operation(summary = "Change general settings (JSON merge patch; all-or-nothing); a custom hold prompt's audio "
            + "must be an approved audio file of the instance",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = GeneralView.class))),
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GeneralView.class))))
    public Map<String, Object> patchGeneral(@PathParam("instanceId") String instanceId, String body) {
        return update(instanceId, SettingsSection.GENERAL, body);
    }

    @GET
    @Path("/push")
    @Allowed(permission = "storage")
    @Operation(summary = "Data push of CDRs, recordings and voicemail (SPEC §29.3)",
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PushView.class))))
    public Map<String, Object> push(@PathParam("instanceId") String instanceId) {
        return view(instanceId, SettingsSection.PUSH);
    }

    @PATCH
    @Path("/push")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "storage")
    @Operation(summary = "Change push settings (JSON merge patch; all-or-nothing); applies to the items still queued",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = PushView.class))),
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PushView.class))))
    public Map<String, Object> patchPush(@PathParam("instanceId") String instanceId, String body) {
        return update(instanceId, SettingsSection.PUSH, body);
    }

    @GET
    @Path("/storage")
    @Allowed(permission = "storage")
    @Operation(summary = "Local retention of records and recordings, the disk high-watermark, the S3 copy (SPEC §29.1, §29.2)",
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StorageView.class))))
    public Map<String, Object> storage(@PathParam("instanceId") String instanceId) {
        return view(instanceId, SettingsSection.STORAGE);
    }

    @PATCH
    @Path("/storage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(permission = "storage")
    @Operation(summary = "Change storage settings (JSON merge patch; all-or-nothing); they apply within 5 minutes",
            requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = StorageView.class))),
            responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StorageView.class))))
    public Map<String, Object> patchStorage(@PathParam("instanceId") String instanceId, String body) {
        return update(instanceId, SettingsSection.STORAGE, body);
    }

    /** A JSON object body as plain maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> patch(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedException(null, "the request body must be a JSON object");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.isObject()) {
                throw new MalformedException(null, "the request body must be a JSON object");
            }
            return Json.MAPPER.convertValue(node, Map.class);
        } catch (JsonProcessingException e) {
            throw new MalformedException(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Schema(name = "InboundSettings", description = "SPEC §15.1")
    record InboundView(@Schema(allowableValues = {"longest_idle", "fewest_calls", "skill_group_priority"},
                               defaultValue = "longest_idle") String basicRouting,
                       @Schema(defaultValue = "false") Boolean preferLastAccessedAgent,
                       @Schema(defaultValue = "false") Boolean preferLastOutboundAgent,
                       @Schema(defaultValue = "false") Boolean autoAnswer,
                       @Schema(description = "\"all\" (default) or 1..20 windows [{weekdays: [mon..sun], from: \"HH:MM\", "
                               + "to: \"HH:MM\"}], from before to, instance time zone") Object autoAnswerWindows,
                       @Schema(defaultValue = "true") Boolean ringTimeoutTransfer,
                       @Schema(minimum = "5", maximum = "120", defaultValue = "10") Integer ringTimeoutS,
                       @Schema(defaultValue = "true") Boolean restoreAfterCall,
                       @Schema(minimum = "0", maximum = "600", defaultValue = "3") Integer restoreAfterCallS,
                       @Schema(defaultValue = "false") Boolean breakAfterRingTimeout) {
    }

    @Schema(name = "OutboundSettings", description = "SPEC §11.1")
    record OutboundView(@Schema(allowableValues = {"skill_group", "same_area"}, defaultValue = "skill_group") String displayRule,
                        @Schema(defaultValue = "false") Boolean allowAgentChooseNumber,
                        @Schema(defaultValue = "false") Boolean playIvrPromptWhenCalleeNotAnswering,
                        @Schema(defaultValue = "false") Boolean agentPromptAfterCustomerHangup) {
    }

    @Schema(name = "GeneralSettings", description = "SPEC §21.1 hold_audio, §25/§26.1 number_protection, §24.1 "
            + "allow_agent_blocklist. Secrets (user_id_mapping.password, oauth2.client_secret) are write-only: the "
            + "answer carries password_set / client_secret_set instead")
    record GeneralView(HoldAudioView holdAudio, ProtectionView numberProtection,
                       @Schema(defaultValue = "false") Boolean allowAgentBlocklist) {
    }

    @Schema(name = "HoldAudio")
    record HoldAudioView(@Schema(allowableValues = {"default", "custom"}, defaultValue = "default") String mode,
                         @Schema(description = "required with custom") PromptView prompt) {
    }

    @Schema(name = "Prompt", description = "SPEC §0.3")
    record PromptView(@Schema(allowableValues = {"tts", "audio"}, defaultValue = "tts") String mode,
                      @Schema(maxLength = 600, description = "required with tts") String text,
                      @Schema(maxLength = 64) String voice,
                      @Schema(description = "required with audio: an approved audio file of the instance") String audioId) {
    }

    @Schema(name = "NumberProtection")
    record ProtectionView(@Schema(allowableValues = {"none", "mask", "map_to_user_id"}, defaultValue = "none") String mode,
                          @Schema(defaultValue = "false") Boolean maskInbound,
                          @Schema(defaultValue = "false") Boolean maskOutbound,
                          @Schema(description = "required with map_to_user_id") MappingView userIdMapping) {
    }

    @Schema(name = "UserIdMapping", description = "SPEC §26.1")
    record MappingView(@Schema(description = "http(s) URL") String requestUrl,
                       @Schema(allowableValues = {"basic", "oauth2"}) String auth,
                       @Schema(description = "basic") String username,
                       @Schema(description = "basic, write-only", accessMode = Schema.AccessMode.WRITE_ONLY) String password,
                       @Schema(accessMode = Schema.AccessMode.READ_ONLY) Boolean passwordSet,
                       OAuth2View oauth2) {
    }

    @Schema(name = "PushSettings", description = "SPEC §29.3. Secrets (password, oauth2.client_secret) are write-only: "
            + "the answer carries password_set / client_secret_set instead")
    record PushView(@Schema(defaultValue = "false") Boolean enabled,
                    @Schema(description = "https URL (plain http only to a loopback address); required when enabled "
                            + "with the http sink") String url,
                    @Schema(allowableValues = {"none", "basic", "oauth2"}, defaultValue = "none") String auth,
                    @Schema(description = "basic") String username,
                    @Schema(description = "basic, write-only", accessMode = Schema.AccessMode.WRITE_ONLY) String password,
                    @Schema(accessMode = Schema.AccessMode.READ_ONLY) Boolean passwordSet,
                    @Schema(description = "required with oauth2") OAuth2View oauth2,
                    @Schema(defaultValue = "false") Boolean pushCdr,
                    @Schema(defaultValue = "false") Boolean pushRecording,
                    @Schema(defaultValue = "false") Boolean pushVoicemail,
                    @Schema(defaultValue = "http", description = "the push sink kind that delivers (an installed "
                            + "PushSink bundle; http is built in)") String sink) {
    }

    @Schema(name = "OAuth2Client", description = "client-credentials grant")
    record OAuth2View(String tokenUrl, String clientId,
                      @Schema(accessMode = Schema.AccessMode.WRITE_ONLY) String clientSecret,
                      @Schema(accessMode = Schema.AccessMode.READ_ONLY) Boolean clientSecretSet, String scope) {
    }

    @Schema(name = "StorageSettings", description = "SPEC §29.1, §29.2")
    record StorageView(@Schema(minimum = "1", maximum = "120", defaultValue = "3") Integer recordsRetentionMonths,
                       @Schema(minimum = "1", maximum = "120", defaultValue = "3",
                               description = "voicemails follow the recording retention") Integer recordingsRetentionMonths,
                       @Schema(minimum = "50", maximum = "99", defaultValue = "90",
                               description = "above this share of the disk used the oldest recordings are deleted first "
                                       + "and an alarm is raised") Integer diskHighWatermarkPct,
                       S3View s3) {
    }

    @Schema(name = "S3Copy", description = "SPEC §29.2: keys prefix/YYYY/MM/DD/<session_id>.<ext>")
    record S3View(@Schema(defaultValue = "false") Boolean enabled,
                  @Schema(description = "http(s) URL; required when enabled") String endpoint,
                  @Schema(description = "required when enabled") String region,
                  @Schema(description = "required when enabled") String bucket,
                  String prefix,
                  @Schema(description = "required when enabled") String accessKey,
                  @Schema(description = "write-only", accessMode = Schema.AccessMode.WRITE_ONLY) String secretKey,
                  @Schema(accessMode = Schema.AccessMode.READ_ONLY) Boolean secretKeySet,
                  @Schema(defaultValue = "false") Boolean pathStyle) {
    }
}
