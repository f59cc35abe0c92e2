package io.parley.store;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileStore;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Audio-file metadata in table {@code audio_file} (SPEC §10.1). */
@Component(service = AudioFileStore.class)
public class JdbcAudioFileStore implements AudioFileStore {

    private static final String COLUMNS = "id, instance_id, name, file_name, format, size_bytes, duration_ms, "
            + "review_status, reject_reason, created_at";

    private final Jdbc jdbc;

    @Activate
    public JdbcAudioFileStore(@Reference Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void insert(AudioFile a) {
        jdbc.update("INSERT INTO audio_file (" + COLUMNS + ", name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.instanceId(), a.name(), a.fileName(), a.format(), a.sizeBytes(), a.durationMillis(),
                a.reviewStatus(), Jdbc.orNull(a.rejectReason(), Types.VARCHAR), a.createdAt(), key(a.name()));
    }

    @Override
    public Optional<AudioFile> find(long instanceId, String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM audio_file WHERE instance_id = ? AND id = ?",
                JdbcAudioFileStore::row, instanceId, id);
    }

    @Override
    public Page<AudioFile> list(long instanceId, String nameContains, PageRequest page) {
        return jdbc.pageByName("audio_file", COLUMNS, instanceId, nameContains, "created_at DESC, id", page,
                JdbcAudioFileStore::row);
    }

    @Override
    public boolean update(AudioFile a) {
        return jdbc.update("UPDATE audio_file SET name = ?, name_key = ?, review_status = ?, reject_reason = ? "
                        + "WHERE instance_id = ? AND id = ?", a.name(), key(a.name()), a.reviewStatus(),
                Jdbc.orNull(a.rejectReason(), Types.VARCHAR), a.instanceId(), a.id()) == 1;
    }

    @Override
    public boolean delete(long instanceId, String id) {
        return jdbc.update("DELETE FROM audio_file WHERE instance_id = ? AND id = ?", instanceId, id) == 1;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static AudioFile row(ResultSet rs) throws SQLException {
        return new AudioFile(rs.getString("id"), rs.getLong("instance_id"), rs.getString("name"),
                rs.getString("file_name"), rs.getString("format"), rs.getLong("size_bytes"), rs.getLong("duration_ms"),
                rs.getString("review_status"), rs.getString("reject_reason"), Jdbc.instant(rs.getTimestamp("created_at")));
    }
}
