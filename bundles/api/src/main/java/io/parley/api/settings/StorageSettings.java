package io.parley.api.settings;

/**
 * Storage settings of an instance, {@code {I}/settings/storage} (SPEC §29.1, §29.2): how long
 * service records and recordings are kept, the disk high-watermark above which the oldest
 * recordings are deleted first, and the optional copy of each recording to S3-compatible storage.
 * Changes apply within 5 minutes (§34 p58).
 *
 * <pre>{@code
 * StorageSettings s = settings.storage(instanceId);
 * Instant cutoff = ZonedDateTime.now(zone).minusMonths(s.recordingsRetentionMonths()).toInstant();
 * }</pre>
 *
 * @param recordsRetentionMonths    1..120, default 3: older service records are purged daily
 * @param recordingsRetentionMonths 1..120, default 3: older recordings and voicemails are deleted daily
 * @param diskHighWatermarkPct      50..99, default 90: above this share of the disk used, the oldest
 *                                  recordings are deleted first and an alarm is raised
 * @param s3                        the S3 copy
 */
public record StorageSettings(int recordsRetentionMonths, int recordingsRetentionMonths, int diskHighWatermarkPct,
                              S3 s3) {

    public static final int RETENTION_MIN = 1;
    public static final int RETENTION_MAX = 120;
    public static final int WATERMARK_MIN = 50;
    public static final int WATERMARK_MAX = 99;

    public static final StorageSettings DEFAULTS = new StorageSettings(3, 3, 90,
            new S3(false, null, null, null, null, null, null, false));

    /**
     * SPEC §29.2: {@code secretKey} is write-only (the API shows {@code secret_key_set}).
     *
     * @param enabled   upload each recording and voicemail when its call ends
     * @param endpoint  http(s) URL of the S3-compatible service
     * @param region    signing region, e.g. {@code us-east-1}
     * @param bucket    the bucket
     * @param prefix    key prefix, may be empty: keys are {@code prefix/YYYY/MM/DD/<session_id>.<ext>}
     * @param accessKey access key id
     * @param secretKey secret access key
     * @param pathStyle {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}
     */
    public record S3(boolean enabled, String endpoint, String region, String bucket, String prefix, String accessKey,
                     String secretKey, boolean pathStyle) {
    }
}
