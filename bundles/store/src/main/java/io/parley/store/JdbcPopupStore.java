package io.parley.store;

import io.parley.api.popup.PopupPage;
import io.parley.api.store.PopupStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Pop-up pages in table {@code popup_page}, ordered by {@code position} (then id). */
@Component(service = PopupStore.class)
public class JdbcPopupStore implements PopupStore {

    private static final String COLUMNS = "id, instance_id, name, url, width, always_visible, enabled, position";

    private final Jdbc jdbc;

    @Activate
    public JdbcPopupStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public PopupPage insert(PopupPage p) {
        long last = jdbc.count("SELECT COALESCE(MAX(position), 0) FROM popup_page WHERE instance_id = ?", p.instanceId());
        long id = jdbc.insert("INSERT INTO popup_page (instance_id, name, url, width, always_visible, enabled, position) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", Map.of(), p.instanceId(), p.name(), p.url(),
                Jdbc.orNull(p.width(), Types.INTEGER), p.alwaysVisible(), p.enabled(), (int) last + 1);
        return find(p.instanceId(), id).orElseThrow();
    }

    @Override
    public List<PopupPage> list(long instanceId) {
        List<PopupPage> rows = jdbc.list("SELECT " + COLUMNS + " FROM popup_page WHERE instance_id = ? ORDER BY position, id",
                JdbcPopupStore::row, instanceId);
        List<PopupPage> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PopupPage r = rows.get(i);
            out.add(new PopupPage(r.id(), r.instanceId(), r.name(), r.url(), r.width(), r.alwaysVisible(), r.enabled(), i + 1));
        }
        return out;
    }

    @Override
    public Optional<PopupPage> find(long instanceId, long id) {
        return list(instanceId).stream().filter(p -> p.id() == id).findFirst();
    }

    @Override
    public boolean update(PopupPage p) {
        return jdbc.update("UPDATE popup_page SET name = ?, url = ?, width = ?, always_visible = ?, enabled = ? "
                        + "WHERE instance_id = ? AND id = ?", p.name(), p.url(), Jdbc.orNull(p.width(), Types.INTEGER),
                p.alwaysVisible(), p.enabled(), p.instanceId(), p.id()) == 1;
    }

    @Override
    public boolean delete(long instanceId, long id) {
        return jdbc.update("DELETE FROM popup_page WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    @Override
    public void swap(long instanceId, long firstId, long secondId) {
        List<PopupPage> pages = list(instanceId);
        int first = pages.stream().filter(p -> p.id() == firstId).findFirst().orElseThrow().order();
        int second = pages.stream().filter(p -> p.id() == secondId).findFirst().orElseThrow().order();
        // the list's order numbers become the stored positions, so equal or gapped positions are settled too
        jdbc.transaction("swap pop-up pages", Map.of(), c -> {
            for (PopupPage p : pages) {
                int position = p.id() == firstId ? second : p.id() == secondId ? first : p.order();
                Jdbc.update(c, "UPDATE popup_page SET position = ? WHERE instance_id = ? AND id = ?", position,
                        instanceId, p.id());
            }
            return null;
        });
    }

    private static PopupPage row(ResultSet rs) throws SQLException {
        int w = rs.getInt("width");
        Integer width = rs.wasNull() ? null : w;
        return new PopupPage(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("name"), rs.getString("url"),
                width, rs.getBoolean("always_visible"), rs.getBoolean("enabled"),
                rs.getInt("position"));
    }
}
