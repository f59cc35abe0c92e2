package io.parley.recordings;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.parley.recordings.cfg}. */
@ObjectClassDefinition(name = "Parley recordings", description = "Where recordings go and how exports are kept")
@interface RecordingsConfig {

    @AttributeDefinition(description = "Directory of recordings and voicemail files; empty: ${karaf.data}/parley/recordings")
    String dataDir() default "";

    @AttributeDefinition(description = "Record every bridged call (SPEC §28)")
    boolean recordBridgedCalls() default true;

    @AttributeDefinition(description = "Hours a finished ZIP export is kept for download")
    int exportKeepHours() default 24;

    @AttributeDefinition(description = "Most files one ZIP export may hold")
    int exportMaxFiles() default 5000;
}
