package io.parley.api.ivr;

import java.util.List;

/**
 * Self-service processes (SPEC §22): CRUD at {@code {I}/self-services}, and the enabled ones
 * offered to agents ({@code {I}/agents/{id}/self-services}).
 *
 * <pre>{@code
 * SelfService s = selfServices.create(instanceId, new SelfService(0, instanceId, "Card PIN", flowId, "MAIN", true));
 * selfServices.enabled(instanceId);        // what an agent may start
 * }</pre>
 */
public interface SelfServiceService {

    List<SelfService> list(long instanceId);

    /** Only the enabled ones, by name. */
    List<SelfService> enabled(long instanceId);

    /** @throws io.parley.api.error.NotFoundException when absent */
    SelfService get(long instanceId, long id);

    /**
     * @throws io.parley.api.error.InvalidException  name not 1..32; {@code ivr_id} not a flow of kind
     *                                               self_service; {@code ivr_version} absent or a draft
     * @throws io.parley.api.error.ConflictException the name is taken
     */
    SelfService create(long instanceId, SelfService draft);

    /** Replaces name, flow, version and enabled, with the rules of {@link #create}. */
    SelfService update(long instanceId, long id, SelfService changes);

    void delete(long instanceId, long id);
}
