package io.parley.rest;

import io.parley.api.instance.Instance;
import io.parley.api.paging.Page;
import io.parley.api.skillgroup.SkillGroup;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON shapes the API answers with (snake_case on the wire). */
final class Views {

    private Views() {
    }

    @Schema(name = "Page", description = "One page of a list: items and the total matching the query")
    record PageView<T>(List<T> items, long total) {
        static <S, T> PageView<T> of(Page<S> page, java.util.function.Function<S, T> view) {
            return new PageView<>(page.items().stream().map(view).toList(), page.total());
        }
    }

    @Schema(name = "Instance")
    record InstanceView(long id, String name, String timeZone, String createdAt) {
        static InstanceView of(Instance i) {
            return new InstanceView(i.id(), i.name(), i.timeZone(), i.createdAt().toString());
        }
    }

    @Schema(name = "SkillGroupMember")
    record MemberView(String id, int priority) {
    }

    @Schema(name = "SkillGroup", description = "SPEC §6.1")
    record SkillGroupView(long id, String name, String type, String ringingMode, int receptionLimit, String extension,
                          List<MemberView> agents, List<MemberView> phones, int agentCount) {
        static SkillGroupView of(SkillGroup g) {
            return new SkillGroupView(g.id(), g.name(), g.type(), g.ringingMode().wire(), g.receptionLimit(),
                    g.extension(), g.agents().stream().map(m -> new MemberView(m.id(), m.priority())).toList(),
                    g.phones().stream().map(m -> new MemberView(m.id(), m.priority())).toList(), g.agentCount());
        }
    }

    @Schema(name = "SkillGroupWrite", description = "Fields accepted by create (name required) and edit (all optional)")
    record SkillGroupWrite(
            @Schema(description = "1..32 characters, unique in the instance (ignoring case)", maxLength = 32) String name,
            @Schema(description = "sequential (default) or simultaneous (then at most 2 members)",
                    allowableValues = {"sequential", "simultaneous"}) String ringingMode,
            @Schema(description = "fixed at 1 for phone groups", minimum = "1", maximum = "1") Integer receptionLimit,
            @Schema(description = "4–6 digits, first digit 1–8, unique; null on edit removes it",
                    pattern = "^[1-8][0-9]{3,5}$", nullable = true) String extension,
            @Schema(description = "always phone", allowableValues = {"phone"}) String type) {
    }

    @Schema(name = "Health")
    record HealthView(String status, String version, long uptimeSeconds, DatabaseView database,
                      @Schema(description = "services the REST API calls that are not running now; their endpoints answer 503")
                      List<MissingView> missing,
                      @Schema(description = "Parley bundles that are not active, or have unsatisfied components")
                      List<String> inactiveBundles,
                      @Schema(description = "whether the carrier accounts can register and every channel has its "
                              + "trunk connector (degraded while not); null while the SIP bundle is not running")
                      TrunkHealthView trunks,
                      @Schema(description = "alarms raised now (e.g. DISK_HIGH_WATERMARK); degraded while any is")
                      List<AlarmView> alarms) {
    }

    @Schema(name = "Alarm")
    record AlarmView(String code, String message, @Schema(format = "date-time") String since) {
    }

    @Schema(name = "TrunkHealth")
    record TrunkHealthView(@Schema(description = "carrier_account channels followed") int carrierAccounts,
                           @Schema(description = "names of those that cannot register now")
                           List<String> failingCarrierAccounts,
                           @Schema(description = "times a carrier refused our credentials since the SIP bundle started")
                           long credentialRefusals,
                           @Schema(description = "names of the channels whose docking mode has no running trunk connector "
                                   + "(status unavailable; degraded while there is one)")
                           List<String> unavailableChannels) {
    }

    @Schema(name = "MissingService")
    record MissingView(@Schema(description = "service interface, e.g. AgentService") String service,
                       @Schema(description = "the bundle that last provided it, when known") String bundle) {
    }

    @Schema(name = "DatabaseStatus")
    record DatabaseView(String product, String version, int schemaVersion, boolean reachable) {
    }

    @Schema(name = "TokenRequest")
    record TokenRequest(String login, String password) {
    }

    @Schema(name = "Token")
    record TokenView(String token, String tokenType, String expiresAt) {
    }

    @Schema(name = "PasswordChange")
    record PasswordChange(String currentPassword,
                          @Schema(description = "12..128 characters with a letter and a digit") String newPassword) {
    }

    @Schema(name = "InstanceWrite")
    record InstanceWrite(@Schema(maxLength = 64) String name, @Schema(description = "IANA zone, default UTC") String timeZone) {
    }

    @Schema(name = "Me")
    record MeView(String login, String role, List<String> permissions, boolean applianceAdmin) {
    }

    @Schema(name = "FileUpload", description = "multipart/form-data with the file as the part `file`")
    record FileForm(@Schema(type = "string", format = "binary", description = "the file") String file) {
    }

    @Schema(name = "IvrNodeTypes")
    record NodeTypesView(List<String> types) {
    }
}
