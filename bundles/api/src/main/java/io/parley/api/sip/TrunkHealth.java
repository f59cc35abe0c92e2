package io.parley.api.sip;

import java.util.List;

/**
 * Whether the appliance's carrier accounts can register, for {@code parley:status} and
 * {@code GET /api/v1/health}: the appliance is degraded while a {@code carrier_account} channel
 * cannot register (its last attempts failed and it holds no registration).
 *
 * <pre>{@code
 * TrunkHealth h = trunks.health();
 * if (!h.healthy()) {
 *     log.warn("cannot register: {} ({} credential refusals so far)", h.failingCarrierAccounts(), h.credentialRefusals());
 * }
 * }</pre>
 *
 * @param carrierAccounts        carrier_account channels followed
 * @param failingCarrierAccounts names of those that cannot register now (failed since their last success, not registered)
 * @param credentialRefusals     times a carrier refused our credentials (a 401/407 to our digest answer, or a 403)
 *                               since the SIP bundle started
 * @param unavailableChannels    names of the channels whose docking mode has no running connector
 */
public record TrunkHealth(int carrierAccounts, List<String> failingCarrierAccounts, long credentialRefusals,
                          List<String> unavailableChannels) {

    public TrunkHealth {
        failingCarrierAccounts = List.copyOf(failingCarrierAccounts);
        unavailableChannels = unavailableChannels == null ? List.of() : List.copyOf(unavailableChannels);
    }

    /** Without unavailable channels. */
    public TrunkHealth(int carrierAccounts, List<String> failingCarrierAccounts, long credentialRefusals) {
        this(carrierAccounts, failingCarrierAccounts, credentialRefusals, List.of());
    }

    /** Every carrier account can register (or none is configured) and every channel has its connector. */
    public boolean healthy() {
        return failingCarrierAccounts.isEmpty() && unavailableChannels.isEmpty();
    }

    /** The carrier accounts among {@code statuses} that cannot register now, and the unavailable channels. */
    public static TrunkHealth of(List<TrunkStatus> statuses, long credentialRefusals) {
        int accounts = 0;
        List<String> failing = new java.util.ArrayList<>();
        List<String> unavailable = new java.util.ArrayList<>();
        for (TrunkStatus s : statuses) {
            if (TrunkStatus.UNAVAILABLE.equals(s.status())) {
                unavailable.add(s.name());
            }
            if (!"carrier_account".equals(s.dockingMode())) {
                continue;
            }
            accounts++;
            TrunkRegistration r = s.registration();
            if (!s.up() && r != null && r.consecutiveFailures() > 0) {
                failing.add(s.name());
            }
        }
        return new TrunkHealth(accounts, failing, credentialRefusals, unavailable);
    }
}
