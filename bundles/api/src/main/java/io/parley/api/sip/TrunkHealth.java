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
 */
public record TrunkHealth(int carrierAccounts, List<String> failingCarrierAccounts, long credentialRefusals) {

    public TrunkHealth {
        failingCarrierAccounts = List.copyOf(failingCarrierAccounts);
    }

    /** Every carrier account can register (or none is configured). */
    public boolean healthy() {
        return failingCarrierAccounts.isEmpty();
    }

    /** The carrier accounts among {@code statuses} that cannot register now; credential refusals not counted. */
    public static TrunkHealth of(List<TrunkStatus> statuses, long credentialRefusals) {
        int accounts = 0;
        List<String> failing = new java.util.ArrayList<>();
        for (TrunkStatus s : statuses) {
            if (!"carrier_account".equals(s.dockingMode())) {
                continue;
            }
            accounts++;
            TrunkRegistration r = s.registration();
            if (!s.up() && r != null && r.consecutiveFailures() > 0) {
                failing.add(s.name());
            }
        }
        return new TrunkHealth(accounts, failing, credentialRefusals);
    }
}
