package io.parley.store;

import io.parley.api.acd.ContactHistory.AgentContact;
import io.parley.api.error.ConflictException;
import io.parley.api.store.ContactHistoryStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The last agent per customer number and kind, in table {@code contact_history}. */
@Component(service = ContactHistoryStore.class)
public class JdbcContactHistoryStore implements ContactHistoryStore {

    private static final Map<String, String> UNIQUE = Map.of("contact_history_pk", "customer_number");

    private final Jdbc jdbc;

    @Activate
    public JdbcContactHistoryStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void record(long instanceId, String customerNumber, String kind, String agentId, Instant at) {
        // an update first (the common case: a customer called again); a later contact is never overwritten
        String update = "UPDATE contact_history SET agent_id = ?, contact_at = ? "
                + "WHERE instance_id = ? AND customer_number = ? AND kind = ? AND contact_at <= ?";
        if (jdbc.update(update, agentId, at, instanceId, customerNumber, kind, at) == 1) {
            return;
        }
        if (jdbc.count("SELECT COUNT(*) FROM contact_history WHERE instance_id = ? AND customer_number = ? AND kind = ?",
                instanceId, customerNumber, kind) > 0) {
            return;   // a later contact is stored already
        }
        try {
            jdbc.update("INSERT INTO contact_history (instance_id, customer_number, kind, agent_id, contact_at) "
                    + "VALUES (?, ?, ?, ?, ?)", UNIQUE, instanceId, customerNumber, kind, agentId, at);
        } catch (ConflictException raced) {
            // another event inserted the row meanwhile: the update keeps whichever contact is later
            jdbc.update(update, agentId, at, instanceId, customerNumber, kind, at);
        }
    }

    @Override
    public Optional<AgentContact> last(long instanceId, String customerNumber, String kind) {
        return jdbc.one("SELECT agent_id, contact_at FROM contact_history WHERE instance_id = ? AND customer_number = ? "
                        + "AND kind = ?", rs -> new AgentContact(rs.getString("agent_id"),
                        Jdbc.instant(rs.getTimestamp("contact_at"))), instanceId, customerNumber, kind);
    }

    @Override
    public int purgeBefore(Instant before) {
        return jdbc.update("DELETE FROM contact_history WHERE contact_at < ?", before);
    }
}
