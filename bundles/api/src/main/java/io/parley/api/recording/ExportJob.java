package io.parley.api.recording;

import java.time.Instant;
import java.util.List;

/**
 * An asynchronous export of many recordings into one ZIP file (SPEC §27.3
 * {@code POST {I}/records:export-recordings}).
 *
 * <pre>{@code
 * ExportJob job = recordings.startExport(instanceId, ExportRequest.sessions(List.of(sid1, sid2)));
 * while (!job.isFinished()) { Thread.sleep(500); job = recordings.exportJob(instanceId, job.id()); }
 * Path zip = recordings.exportFile(instanceId, job.id());
 * }</pre>
 *
 * @param id         the job id
 * @param instanceId the instance
 * @param status     {@link #RUNNING}, {@link #DONE} or {@link #FAILED}
 * @param total      files to put in the ZIP
 * @param done       files put in so far
 * @param sizeBytes  bytes of the ZIP once done
 * @param error      why it failed, or null
 * @param createdAt  when it was started
 * @param finishedAt when it ended, or null
 * @param missing    session ids asked for that have no closed recording or voicemail
 */
public record ExportJob(String id, long instanceId, String status, int total, int done, long sizeBytes, String error,
                        Instant createdAt, Instant finishedAt, List<String> missing) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public ExportJob {
        missing = List.copyOf(missing);
    }

    public boolean isFinished() {
        return !RUNNING.equals(status);
    }

    /** @return whole percent of the files written, 100 when done */
    public int progressPct() {
        return DONE.equals(status) ? 100 : total == 0 ? 0 : (int) (100L * done / total);
    }
}
