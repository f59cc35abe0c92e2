package io.parley.sip.registrar;

import io.parley.api.sip.GatewayBinding;
import io.parley.api.sip.RegistrationBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registrar's live contacts by address of record (instance + extension). */
public final class Bindings {

    record Aor(long instanceId, String extension) {
    }

    private final Map<Aor, LinkedHashMap<String, RegistrationBinding>> byAor = new HashMap<>();

    synchronized List<RegistrationBinding> of(Aor aor) {
        LinkedHashMap<String, RegistrationBinding> m = byAor.get(aor);
        if (m == null) {
            return List.of();
        }
        List<RegistrationBinding> list = new ArrayList<>(m.values());
        list.sort(Comparator.comparing(RegistrationBinding::registeredAt).reversed());
        return list;
    }

    /** Every binding of one instance (of one channel, in the gateway store), most recent first. */
    synchronized List<RegistrationBinding> ofInstance(long instanceId) {
        List<RegistrationBinding> list = new ArrayList<>();
        byAor.forEach((aor, m) -> {
            if (aor.instanceId() == instanceId) {
                list.addAll(m.values());
            }
        });
        list.sort(Comparator.comparing(RegistrationBinding::registeredAt).reversed());
        return list;
    }

    synchronized int count(Aor aor) {
        LinkedHashMap<String, RegistrationBinding> m = byAor.get(aor);
        return m == null ? 0 : m.size();
    }

    synchronized boolean has(Aor aor, String contact) {
        LinkedHashMap<String, RegistrationBinding> m = byAor.get(aor);
        return m != null && m.containsKey(contact);
    }

    synchronized void put(RegistrationBinding b) {
        byAor.computeIfAbsent(new Aor(b.instanceId(), b.extension()), k -> new LinkedHashMap<>()).put(b.contact(), b);
    }

    synchronized void remove(Aor aor, String contact) {
        LinkedHashMap<String, RegistrationBinding> m = byAor.get(aor);
        if (m != null) {
            m.remove(contact);
            if (m.isEmpty()) {
                byAor.remove(aor);
            }
        }
    }

    synchronized void removeAll(Aor aor) {
        byAor.remove(aor);
    }

    synchronized List<RegistrationBinding> all() {
        List<RegistrationBinding> list = new ArrayList<>();
        byAor.values().forEach(m -> list.addAll(m.values()));
        list.sort(Comparator.comparing(RegistrationBinding::instanceId).thenComparing(RegistrationBinding::extension)
                .thenComparing(RegistrationBinding::contact));
        return list;
    }

    /** Drops bindings expired at {@code now}; returns the addresses of record left with none. */
    synchronized List<Aor> sweep(Instant now) {
        List<Aor> emptied = new ArrayList<>();
        byAor.entrySet().removeIf(e -> {
            e.getValue().values().removeIf(b -> !now.isBefore(b.expiresAt()));
            if (e.getValue().isEmpty()) {
                emptied.add(e.getKey());
                return true;
            }
            return false;
        });
        return emptied;
    }

    /** The gateways of one appliance_account channel (the gateway store keeps the channel id as the Aor's instance id). */
    public List<GatewayBinding> gateways(long channelId) {
        return ofInstance(channelId).stream().map(Bindings::gateway).toList();
    }

    /** Every gateway binding of the gateway store. */
    public List<GatewayBinding> allGateways() {
        return all().stream().map(Bindings::gateway).toList();
    }

    private static GatewayBinding gateway(RegistrationBinding b) {
        // the gateway store keeps the username as the Aor's extension
        return new GatewayBinding(b.instanceId(), b.extension(), b.contact(), b.sourceAddress(), b.transport(),
                b.userAgent(), b.callId(), b.registeredAt(), b.expiresAt());
    }
}
