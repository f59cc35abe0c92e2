package io.parley.privacy;

import io.parley.api.error.UpstreamException;
import io.parley.api.privacy.NumberPrivacy;
import io.parley.api.settings.GeneralSettings.NumberProtection;
import io.parley.api.settings.GeneralSettings.ProtectionMode;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.telephony.NumberService;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customer-number protection per instance, from {@code {I}/settings/general.number_protection}:
 * {@code none} shows numbers as they are, {@code mask} hides the middle four national digits per
 * direction (SPEC §25), {@code map_to_user_id} shows the customer's user ID ({@code PhoneToUID},
 * the masked number when the lookup fails) and dials the number behind an ID ({@code UIDToPhone},
 * 502 {@code MAPPING_FAILED} when it fails, §26.2). Telephony's {@code NumberService} tells which
 * numbers are of the appliance's own country (shown national); without it every masked number
 * keeps its {@code 00} and country code.
 */
@Component(service = NumberPrivacy.class)
public class NumberPrivacyManager implements NumberPrivacy {

    private static final Logger LOG = LoggerFactory.getLogger(NumberPrivacyManager.class);

    private final InstanceSettingsService settings;
    private final UserIdMappingClient mapping;
    private final Masking masking = new Masking(this::national);
    private volatile NumberService numbers;

    @Activate
    public NumberPrivacyManager(@Reference InstanceSettingsService settings) {
        this(settings, new UserIdMappingClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(),
                Clock.systemUTC()));
    }

    NumberPrivacyManager(InstanceSettingsService settings, UserIdMappingClient mapping) {
        this.settings = settings;
        this.mapping = mapping;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNumbers(NumberService n) {
        numbers = n;
    }

    void unbindNumbers(NumberService n) {
        if (numbers == n) {
            numbers = null;
        }
    }

    private String national(String canonical) {
        NumberService n = numbers;
        return n == null ? canonical : n.national(canonical);
    }

    @Override
    public String forAgent(long instanceId, String number, String direction) {
        if (number == null || number.isEmpty()) {
            return number;
        }
        NumberProtection p = settings.general(instanceId).numberProtection();
        if (p.mode() == ProtectionMode.MASK) {
            boolean hide = switch (direction == null ? "" : direction) {
                case "inbound" -> p.maskInbound();
                case "outbound" -> p.maskOutbound();
                // a direction nobody named: hide rather than show too much
                default -> p.maskInbound() || p.maskOutbound();
            };
            return hide ? masking.mask(number) : number;
        }
        if (p.mode() == ProtectionMode.MAP_TO_USER_ID) {
            try {
                return mapping.convert(p.userIdMapping(), UserIdMappingClient.PHONE_TO_UID, number);
            } catch (UserIdMappingClient.MappingFailure e) {
                LOG.warn("Instance {}: PhoneToUID failed ({}); the agent side sees the masked number", instanceId,
                        e.getMessage());
                return masking.mask(number);
            }
        }
        return number;
    }

    @Override
    public String toNumber(long instanceId, String calleeOrUserId) {
        NumberProtection p = settings.general(instanceId).numberProtection();
        if (p.mode() != ProtectionMode.MAP_TO_USER_ID || calleeOrUserId == null) {
            return calleeOrUserId;
        }
        String number;
        try {
            number = mapping.convert(p.userIdMapping(), UserIdMappingClient.UID_TO_PHONE, calleeOrUserId);
        } catch (UserIdMappingClient.MappingFailure e) {
            LOG.warn("Instance {}: UIDToPhone of {} failed: {}", instanceId, calleeOrUserId, e.getMessage());
            throw new UpstreamException("MAPPING_FAILED", "callee", e.getMessage());
        }
        if (!number.matches("00[1-9][0-9]{5,21}")) {
            throw new UpstreamException("MAPPING_FAILED", "callee", "the mapping service answered '" + number
                    + "' for " + calleeOrUserId + ", not a number of 00, country code and national number");
        }
        return number;
    }
}
