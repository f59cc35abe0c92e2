package io.parley.api.audio;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.util.Optional;

/** Persistence of audio-file metadata; the PCM itself lives in files the service owns. */
public interface AudioFileStore {

    void insert(AudioFile file);

    Optional<AudioFile> find(long instanceId, String id);

    /** Names containing {@code nameContains} ignoring case (null: all), newest first. */
    Page<AudioFile> list(long instanceId, String nameContains, PageRequest page);

    /** Updates name and review fields; false when the row is gone. */
    boolean update(AudioFile file);

    boolean delete(long instanceId, String id);
}
