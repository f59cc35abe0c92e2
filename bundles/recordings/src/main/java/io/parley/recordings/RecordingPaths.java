package io.parley.recordings;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The layout of the recordings directory: {@code <instance>/<yyyy>/<mm>/<dd>/} by the UTC day
 * the recording started, so the retention sweep and an operator find a day's files together;
 * {@code <session>.wav} for the call recording, {@code <session>-voicemail-<id>.wav} for a
 * voicemail; ZIP exports in {@code exports/}.
 */
record RecordingPaths(Path root) {

    /** The recordings directory of the configuration, absolute: {@code dataDir}, else {@code ${karaf.data}/parley/recordings}. */
    static Path root(RecordingsConfig config) {
        String dir = config.dataDir().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "parley", "recordings").toString() : config.dataDir();
        return Path.of(dir).toAbsolutePath();
    }

    Path day(long instanceId, Instant at) {
        LocalDate d = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return root.resolve(Long.toString(instanceId)).resolve(String.format("%04d", d.getYear()))
                .resolve(String.format("%02d", d.getMonthValue())).resolve(String.format("%02d", d.getDayOfMonth()));
    }

    Path recording(long instanceId, String sessionId, Instant at) {
        return day(instanceId, at).resolve(safe(sessionId) + ".wav");
    }

    Path voicemail(long instanceId, String sessionId, String id, Instant at) {
        return day(instanceId, at).resolve(safe(sessionId) + "-voicemail-" + id + ".wav");
    }

    Path exports() {
        return root.resolve("exports");
    }

    /** Session ids are made by the SIP bundle ({@code [0-9a-z-]}); anything else is replaced, never a path. */
    static String safe(String sessionId) {
        return sessionId.replaceAll("[^A-Za-z0-9_.-]", "_").replace("..", "__");
    }
}
