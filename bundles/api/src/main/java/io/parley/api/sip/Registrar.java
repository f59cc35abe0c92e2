package io.parley.api.sip;

import java.util.List;

/**
 * The SIP registrar of the appliance (SPEC §12, §1.5): which contacts each SIP phone, and the
 * gateway of each {@code appliance_account} channel, is reachable at right now. Bindings are
 * created by authenticated REGISTER requests and disappear on unregister ({@code Expires: 0})
 * or when they expire.
 *
 * <pre>{@code
 * for (RegistrationBinding b : registrar.bindings(instanceId, "8001")) {
 *     System.out.println(b.contact() + " until " + b.expiresAt());
 * }
 * }</pre>
 */
public interface Registrar {

    /** The live bindings of one extension, most recent first; empty when it is not registered. */
    List<RegistrationBinding> bindings(long instanceId, String extension);

    /** Every live binding of the appliance, by instance, extension and contact. */
    List<RegistrationBinding> all();

    /**
     * The live bindings of the gateway of channel {@code channelId} (docking mode
     * {@code appliance_account}), most recent first; empty when it is not registered.
     */
    List<GatewayBinding> gatewayBindings(long channelId);

    /** Every live gateway binding, by channel and contact. */
    List<GatewayBinding> allGateways();
}
