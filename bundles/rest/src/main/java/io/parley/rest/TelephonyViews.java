package io.parley.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.api.bulk.BulkOutcome;
import io.parley.api.hotword.HotWord;
import io.parley.api.telephony.IssuedPhone;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.PhoneProvisioning;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipServerInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON shapes of the telephony resources (SPEC §1–3, §12, §17), snake_case on the wire. */
final class TelephonyViews {

    private TelephonyViews() {
    }

    @Schema(name = "HotWord", description = "SPEC §17.1")
    record HotWordView(long id, String name, int weight) {
        static HotWordView of(HotWord w) {
            return new HotWordView(w.id(), w.name(), w.weight());
        }
    }

    @Schema(name = "HotWordWrite", description = "Fields accepted by create (name required) and edit (all optional)")
    record HotWordWrite(
            @Schema(description = "letters, digits, CJK ideographs, _ and -; at most 10 CJK or 20 other characters "
                    + "(weighted length, CJK = 2); unique ignoring case") String name,
            @Schema(description = "1..10, default 10", minimum = "1", maximum = "10") Integer weight) {
    }

    @Schema(name = "Ids", description = "SPEC §0.2 bulk request")
    record IdsWrite(@Schema(description = "non-empty") List<Long> ids) {
    }

    @Schema(name = "BulkResult", description = "Per-id outcome of a bulk operation, in request order")
    record BulkView(List<BulkItemView> items, long succeeded, long failed) {
        static BulkView of(BulkOutcome o) {
            return new BulkView(o.items().stream().map(i -> new BulkItemView(i.id(), i.ok(),
                    i.ok() ? null : new ErrorBody.Detail(i.code(), i.message(), null))).toList(), o.succeeded(), o.failed());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BulkItem")
    record BulkItemView(long id, boolean ok, ErrorBody.Detail error) {
    }

    @Schema(name = "ImportResult")
    record ImportView(int imported) {
    }

    @Schema(name = "PhoneBinding")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BindingView(@Schema(allowableValues = {"none", "agent", "skill_group"}) String type, String agentId,
                       List<Long> skillGroupIds) {
        static BindingView of(PhoneBinding b) {
            return new BindingView(b.type().wire(), b.agentId(),
                    b.type() == PhoneBinding.Type.SKILL_GROUP ? b.skillGroupIds() : null);
        }
    }

    @Schema(name = "SipPhone", description = "SPEC §12.1; registration fields are live values from the SIP registrar")
    record PhoneView(String extension, String name, BindingView binding, String sipUsername, String sipDomain,
                     String serverAddress, String altServerAddress, String transport, String registrationStatus,
                     String authStatus, String clientAddress, String brandModel, String status, String createdAt) {
        static PhoneView of(SipPhone p, SipServerInfo s) {
            int port = s.port(p.transport());
            return new PhoneView(p.extension(), p.name(), BindingView.of(p.binding()), p.extension(), s.sipDomain(),
                    s.serverAddress() + ":" + port, s.altServerAddress() == null ? null : s.altServerAddress() + ":" + port,
                    p.transport(), p.registration().registrationStatus(), p.registration().authStatus(),
                    p.registration().clientAddress(), p.registration().brandModel(), p.registration().status(),
                    p.createdAt().toString());
        }
    }

    @Schema(name = "SipPhoneWithPassword", description = "A phone and its new SIP password, shown only in this answer")
    record IssuedPhoneView(String extension, String name, BindingView binding, String sipUsername, String sipPassword,
                           String sipDomain, String serverAddress, String altServerAddress, String transport,
                           String registrationStatus, String authStatus, String status, String createdAt) {
        static IssuedPhoneView of(IssuedPhone issued, SipServerInfo s) {
            PhoneView v = PhoneView.of(issued.phone(), s);
            return new IssuedPhoneView(v.extension(), v.name(), v.binding(), v.sipUsername(), issued.sipPassword(),
                    v.sipDomain(), v.serverAddress(), v.altServerAddress(), v.transport(), v.registrationStatus(),
                    v.authStatus(), v.status(), v.createdAt());
        }
    }

    @Schema(name = "SipPhoneWrite", description = "Create: extension and name required. Edit: name, binding, transport")
    record PhoneWrite(
            @Schema(description = "4–6 digits, first digit 1–8; unique across phones and skill groups; immutable",
                    pattern = "^[1-8][0-9]{3,5}$") String extension,
            @Schema(description = "1..32 characters", maxLength = 32) String name,
            @Schema(description = "default {type: none}; agent binding is not available until agents exist")
            BindingWrite binding,
            @Schema(description = "tls (default), tcp or udp when enabled appliance-wide",
                    allowableValues = {"tls", "tcp", "udp"}) String transport) {
    }

    @Schema(name = "PhoneBindingWrite")
    record BindingWrite(@Schema(allowableValues = {"none", "agent", "skill_group"}) String type, String agentId,
                        @Schema(description = "existing skill groups of the instance (type skill_group)")
                        List<Long> skillGroupIds) {
    }

    @Schema(name = "PhoneProvisioning", description = "SPEC §12.2: what to type into the phone. label, display "
            + "name, username and auth name are the extension; registrar is the SIP domain; the outbound proxies are "
            + "the server addresses with the port of the phone's transport (TLS 5061 by default)")
    record ProvisioningView(String label, String displayName, String username, String authName, String registrar,
                            String sipDomain, String serverAddress, SipChannelViews.PortsView serverPorts,
                            String outboundProxy1, String outboundProxy2, String transport, int registrationExpirySeconds,
                            String password) {
        static ProvisioningView of(PhoneProvisioning p, SipServerInfo s) {
            return new ProvisioningView(p.displayName(), p.displayName(), p.username(), p.authName(), p.registrar(),
                    s.sipDomain(), s.serverAddress(), SipChannelViews.PortsView.of(s), p.outboundProxy1(),
                    p.outboundProxy2(), p.transport(), p.registrationExpirySeconds(),
                    "(shown once at creation or :reset-password)");
        }
    }
}
