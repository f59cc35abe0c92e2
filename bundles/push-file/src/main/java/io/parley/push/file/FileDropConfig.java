package io.parley.push.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code etc/io.parley.push.file.cfg}. */
@ObjectClassDefinition(name = "Parley push file drop", description = "Where the file push sink drops items")
public @interface FileDropConfig {

    String PID = "io.parley.push.file";

    @AttributeDefinition(description = "Drop directory; empty = ${karaf.data}/parley/push-drop. Items land in "
            + "<directory>/<instance id>/<session id>.<kind>.json")
    String directory() default "";
}
