package io.parley.api.store;

import io.parley.api.ivr.SelfService;
import java.util.List;
import java.util.Optional;

/**
 * Self-service processes (SPEC §22.1) in table {@code self_service}; a taken name is a
 * {@link io.parley.api.error.ConflictException} naming {@code name}.
 *
 * <pre>{@code
 * SelfService s = store.insert(new SelfService(0, instanceId, "Card PIN", flowId, "MAIN", true));
 * }</pre>
 */
public interface SelfServiceStore {

    SelfService insert(SelfService s);

    List<SelfService> list(long instanceId);

    Optional<SelfService> find(long instanceId, long id);

    boolean update(SelfService s);

    boolean delete(long instanceId, long id);

    /** Self-services whose flow is {@code flowId}, for the flow's delete rule (SPEC §7.5). */
    List<SelfService> usingFlow(long instanceId, long flowId);
}
