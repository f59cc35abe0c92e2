package io.parley.push.file;

import io.parley.api.push.PushItem;
import io.parley.api.push.PushResult;
import io.parley.api.push.PushSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A push sink for systems that collect files instead of taking HTTP: each item is written to
 * {@code <directory>/<instance>/<session_id>.<kind>.json}, first under a temporary name and then
 * moved into place, so a collector never reads half a file and a second delivery of the same item
 * (at least once) replaces the first instead of adding a duplicate. Selected per instance with
 * {@code sink: file} in {@code {I}/settings/push}; written the way an integrator writes a sink of
 * their own: one DS component registering {@link PushSink} with {@code parley.push.sink}.
 */
@Component(service = PushSink.class, property = PushSink.KIND_PROPERTY + "=" + FileDropSink.KIND,
        configurationPid = FileDropConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileDropConfig.class)
public class FileDropSink implements PushSink {

    static final String KIND = "file";

    private final Path directory;

    @Activate
    public FileDropSink(FileDropConfig config) {
        this(config.directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "parley", "push-drop")
                : Path.of(config.directory()));
    }

    FileDropSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public PushResult deliver(PushItem item, Map<String, String> settings) {
        String name = item.sessionId().replaceAll("[^A-Za-z0-9._-]", "_") + "." + item.kind() + ".json";
        try {
            Path dir = Files.createDirectories(directory.resolve(Long.toString(item.instanceId())));
            Path temporary = Files.createTempFile(dir, ".push-", ".tmp");
            Files.writeString(temporary, item.json(), StandardCharsets.UTF_8);
            Files.move(temporary, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return PushResult.ok();
        } catch (IOException e) {
            // a full disk or a directory not yet mounted may come right: the outbox tries again
            return PushResult.retryLater(e.toString());
        }
    }
}
