package io.parley.ivr.flow;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;

/** The read-only variables of SPEC §7.4 and the {@code ${name}} placeholder syntax. */
public final class SystemVariables {

    public static final String WAIT_NO = "WaitNo";
    public static final String STAFF_NO = "StaffNo";
    public static final String CALLER_NUMBER = "SystemCallerNumber";
    public static final String CALLEE_NUMBER = "SystemCalleeNumber";
    public static final String SESSION_ID = "SystemSessionId";
    public static final String RING_DURATION = "SystemCallRingDuration";
    public static final String ACCEPT_DURATION = "SystemCallAcceptDuration";

    public static final List<String> NAMES = List.of(WAIT_NO, STAFF_NO, CALLER_NUMBER, CALLEE_NUMBER, SESSION_ID,
            RING_DURATION, ACCEPT_DURATION);

    /** {@code ${name}}, name as a Number-collection variable may be named (SPEC §8.10) or a system one. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private SystemVariables() {
    }

    public static List<String> references(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
