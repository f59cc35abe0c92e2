package io.parley.telephony;

import io.parley.api.error.TextRules;
import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileService;
import io.parley.api.audio.AudioFileStore;
import io.parley.api.audio.AudioFileUsage;
import io.parley.api.error.ConflictException;
import io.parley.api.error.InvalidException;
import io.parley.api.error.NotFoundException;
import io.parley.api.instance.InstanceService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audio files, SPEC §10: the content decides the format, the upload is decoded once to
 * 8 kHz mono PCM kept as {@code <id>.pcm} in the audio directory, and the review follows
 * §10.3 (automatic check, then approval: automatic unless {@code audioAutoApprove=false}).
 * A delete asks every registered {@link AudioFileUsage} first and is refused while one names
 * a user of the file.
 */
@Component(service = AudioFileService.class, configurationPid = TelephonyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
// the metatype of this PID is designated once, on SipPhoneManager
public class AudioFileManager implements AudioFileService {

    static final int NAME_MAX = 64;
    static final int FILE_NAME_MAX = 255;
    static final int REASON_MAX = 200;
    static final int DEFAULT_PAGE_SIZE = 15;
    private static final Logger LOG = LoggerFactory.getLogger(AudioFileManager.class);

    private final AudioFileStore store;
    private final InstanceService instances;
    private final Path directory;
    private final boolean autoApprove;
    private final SecureRandom random = new SecureRandom();
    /** Dynamic: IVR flows, settings and numbers register theirs whenever their bundles start. */
    private final List<AudioFileUsage> usages = new CopyOnWriteArrayList<>();

    @Activate
    public AudioFileManager(@Reference AudioFileStore store, @Reference InstanceService instances,
                            TelephonyConfig config) {
        this(store, instances, directory(config.audioDirectory()), config.audioAutoApprove());
    }

    AudioFileManager(AudioFileStore store, InstanceService instances, Path directory, boolean autoApprove) {
        this.store = store;
        this.instances = instances;
        this.directory = directory;
        this.autoApprove = autoApprove;
    }

    @Reference(service = AudioFileUsage.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeUsage")
    void addUsage(AudioFileUsage usage) {
        usages.add(usage);
    }

    void removeUsage(AudioFileUsage usage) {
        usages.remove(usage);
    }

    private static Path directory(String configured) {
        if (!configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "parley", "audio");
    }

    @Override
    public AudioFile upload(long instanceId, String name, String fileName, byte[] content) {
        instances.get(instanceId);
        String n = TextRules.required("name", name, NAME_MAX);
        String original = fileName == null || fileName.isBlank() ? null : fileName.strip();
        if (original != null && original.length() > FILE_NAME_MAX) {
            original = original.substring(original.length() - FILE_NAME_MAX);
        }
        if (content == null || content.length == 0) {
            throw new InvalidException("file", "is required: an mp3 or wav file");
        }
        if (content.length > MAX_BYTES) {
            throw new InvalidException("file", "must be at most " + MAX_BYTES + " bytes (5 MB)");
        }
        String format = AudioDecoder.sniff(content);
        if (format == null) {
            throw new InvalidException("file", "must be an mp3 or wav file (checked by content, not by name)");
        }
        String id = HexFormat.of().formatHex(bytes16());
        short[] pcm = null;
        String review;
        String reason = null;
        try {
            pcm = AudioDecoder.decode(format, content);
            if (pcm.length == 0) {
                review = AudioFile.REJECTED;
                reason = "automatic check: the audio has no duration";
            } else {
                review = autoApprove ? AudioFile.APPROVED : AudioFile.PENDING;
            }
        } catch (AudioDecoder.Undecodable e) {
            review = AudioFile.REJECTED;
            reason = "automatic check: " + e.getMessage();
        }
        long durationMs = pcm == null ? 0 : pcm.length * 1000L / SAMPLE_RATE;
        if (pcm != null && pcm.length > 0) {
            writePcm(id, pcm);
        }
        AudioFile file = new AudioFile(id, instanceId, n, original, format, content.length, durationMs, review,
                reason == null ? null : reason.substring(0, Math.min(reason.length(), 255)), Instant.now());
        try {
            store.insert(file);
        } catch (RuntimeException e) {
            deletePcm(id);
            throw e;
        }
        LOG.info("audio file {} '{}' uploaded to instance {}: {} {} bytes, {} ms, {}", id, n, instanceId, format,
                content.length, durationMs, review);
        return file;
    }

    private byte[] bytes16() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    @Override
    public AudioFile get(long instanceId, String id) {
        instances.get(instanceId);
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw new NotFoundException("audio file", id);
        }
        return store.find(instanceId, id).orElseThrow(() -> new NotFoundException("audio file", id));
    }

    @Override
    public Page<AudioFile> list(long instanceId, String q, PageRequest page) {
        instances.get(instanceId);
        return store.list(instanceId, q == null || q.isBlank() ? null : q.strip(), page);
    }

    @Override
    public synchronized AudioFile rename(long instanceId, String id, String name) {
        AudioFile renamed = get(instanceId, id).withName(TextRules.required("name", name, NAME_MAX));
        if (!store.update(renamed)) {
            throw new NotFoundException("audio file", id);
        }
        return renamed;
    }

    @Override
    public synchronized AudioFile approve(long instanceId, String id) {
        AudioFile current = pending(instanceId, id, "approved");
        AudioFile approved = current.withReview(AudioFile.APPROVED, null);
        store.update(approved);
        return approved;
    }

    @Override
    public synchronized AudioFile reject(long instanceId, String id, String reason) {
        String r = TextRules.required("reason", reason, REASON_MAX);
        AudioFile rejected = pending(instanceId, id, "rejected").withReview(AudioFile.REJECTED, r);
        store.update(rejected);
        return rejected;
    }

    private AudioFile pending(long instanceId, String id, String to) {
        AudioFile current = get(instanceId, id);
        if (!current.reviewStatus().equals(AudioFile.PENDING)) {
            throw new ConflictException("review_status", "only a pending audio file can be " + to + "; this one is "
                    + current.reviewStatus());
        }
        return current;
    }

    @Override
    public byte[] wav(long instanceId, String id) {
        AudioFile file = get(instanceId, id);
        if (file.reviewStatus().equals(AudioFile.REJECTED)) {
            throw new ConflictException("review_status", "a rejected audio file cannot be played");
        }
        return AudioDecoder.wavFile(readPcm(id));
    }

    @Override
    public short[] playable(long instanceId, String id) {
        AudioFile file = get(instanceId, id);
        if (!file.reviewStatus().equals(AudioFile.APPROVED)) {
            throw new ConflictException("review_status", "only approved audio can be played; this one is "
                    + file.reviewStatus());
        }
        return readPcm(id);
    }

    @Override
    public synchronized void delete(long instanceId, String id) {
        get(instanceId, id);
        List<String> users = new ArrayList<>();
        for (AudioFileUsage usage : usages) {
            users.addAll(usage.usesOf(instanceId, id));
        }
        if (!users.isEmpty()) {
            throw new ConflictException(null, "audio file " + id + " is in use by " + String.join(", ", users)
                    + "; remove it from there first");
        }
        if (!store.delete(instanceId, id)) {
            throw new NotFoundException("audio file", id);
        }
        deletePcm(id);
    }

    Path pcmPath(String id) {
        return directory.resolve(id + ".pcm");
    }

    private void writePcm(String id, short[] pcm) {
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve(id + ".pcm.tmp");
            Files.write(tmp, AudioDecoder.bytes(pcm));
            Files.move(tmp, pcmPath(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the PCM of audio file " + id + " in " + directory, e);
        }
    }

    private short[] readPcm(String id) {
        try {
            return AudioDecoder.samples(Files.readAllBytes(pcmPath(id)));
        } catch (IOException e) {
            throw new UncheckedIOException("the PCM of audio file " + id + " is missing from " + directory, e);
        }
    }

    private void deletePcm(String id) {
        try {
            Files.deleteIfExists(pcmPath(id));
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", pcmPath(id), e.getMessage());
        }
    }
}
