package io.parley.recordings;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.parley.recordings.cfg}. */
@ObjectClassDefinition(name = "Parley recordings", description = "Where recordings go and how exports are kept")
@interface RecordingsConfig {

    /** {@code etc/io.parley.recordings.cfg}, shared by the recordings bundle's components. */
    String PID = "io.parley.recordings";

    @AttributeDefinition(description = "Directory of recordings and voicemail files; empty: ${karaf.data}/parley/recordings")
    String dataDir() default "";

    @AttributeDefinition(description = "Record every bridged call (SPEC §28)")
    boolean recordBridgedCalls() default true;

    @AttributeDefinition(description = "Hours a finished ZIP export is kept for download")
    int exportKeepHours() default 24;

    @AttributeDefinition(description = "Most files one ZIP export may hold")
    int exportMaxFiles() default 5000;

    @AttributeDefinition(description = "Seconds between retention sweeps; each reads the storage settings afresh, "
            + "so a change applies by the next sweep (SPEC §29.1: within 5 minutes)")
    int retentionSweepSeconds() default 300;

    @AttributeDefinition(description = "Seconds between disk watermark checks")
    int watermarkCheckSeconds() default 60;

    @AttributeDefinition(description = "Bytes the recordings may take in all; the watermark counts the larger of the "
            + "disk's use and the recordings' share of this quota. 0: the disk only")
    long quotaBytes() default 0;

    @AttributeDefinition(description = "Seconds between passes of the S3 copy over what is not uploaded yet (SPEC §29.2)")
    int s3RetrySeconds() default 10;
}
