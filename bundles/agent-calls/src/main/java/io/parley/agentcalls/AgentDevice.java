package io.parley.agentcalls;

import io.parley.api.agent.Agent;
import io.parley.api.agent.MobileAnswering;
import io.parley.api.call.Destination;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.sip.Registrar;
import io.parley.api.telephony.PhoneBinding;
import io.parley.api.telephony.SipPhone;
import io.parley.api.telephony.SipPhoneService;
import java.time.Instant;
import java.util.Optional;

/**
 * Where an agent's calls ring (SPEC §4.1, §14.3, §16.1): the SIP phone bound to the agent while
 * it is registered; the agent's mobile through a trunk when {@code mobile_answering} is
 * {@code always}, or {@code when_offline} and the phone is not registered.
 *
 * @param destination the leg to place
 * @param terminal    {@code sip_phone} or {@code mobile} (SPEC §27.1 agent terminal)
 */
record AgentDevice(Destination destination, String terminal) {

    static final String SIP_PHONE = "sip_phone";
    static final String MOBILE = "mobile";

    /** The agent's device now, or empty when it has none (no registered phone, no mobile answering). */
    static Optional<AgentDevice> of(Agent agent, SipPhoneService phones, Registrar registrar) {
        Optional<SipPhone> phone = boundPhone(agent, phones);
        boolean registered = phone.isPresent() && registrar != null
                && registrar.bindings(agent.instanceId(), phone.get().extension()).stream()
                .anyMatch(b -> b.expiresAt() == null || b.expiresAt().isAfter(Instant.now()));
        boolean mobile = agent.phoneNumber() != null && !agent.phoneNumber().isBlank()
                && (agent.mobileAnswering() == MobileAnswering.ALWAYS
                || (agent.mobileAnswering() == MobileAnswering.WHEN_OFFLINE && !registered));
        if (mobile) {
            return Optional.of(new AgentDevice(Destination.external(agent.instanceId(), agent.phoneNumber(), null),
                    MOBILE));
        }
        if (registered) {
            return Optional.of(new AgentDevice(Destination.phone(agent.instanceId(), phone.get().extension()),
                    SIP_PHONE));
        }
        return Optional.empty();
    }

    /** The phone bound to the agent (one phone per agent, SPEC §12.1). */
    static Optional<SipPhone> boundPhone(Agent agent, SipPhoneService phones) {
        for (int page = 1; page <= 1000; page++) {
            Page<SipPhone> p = phones.list(agent.instanceId(), null, new PageRequest(page, PageRequest.MAX_PAGE_SIZE));
            for (SipPhone phone : p.items()) {
                PhoneBinding b = phone.binding();
                if (b != null && b.type() == PhoneBinding.Type.AGENT && agent.agentId().equals(b.agentId())) {
                    return Optional.of(phone);
                }
            }
            if ((long) page * PageRequest.MAX_PAGE_SIZE >= p.total()) {
                break;
            }
        }
        return Optional.empty();
    }
}
