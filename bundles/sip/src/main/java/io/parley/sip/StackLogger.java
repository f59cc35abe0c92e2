package io.parley.sip;

import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's internal logging sent to SLF4J (the stack's default needs log4j 1.x): warnings
 * and errors only unless {@code io.parley.sip.stack} is set to DEBUG; message content is
 * never logged.
 */
public class StackLogger implements gov.nist.core.StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("io.parley.sip.stack");

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int traceLevel) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.debug("stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.warn(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isDebugEnabled();
    }

    /** The most verbose stack trace level enabled, as of {@link #checkedAt}. */
    private volatile int enabledUpTo = TRACE_WARN;
    private volatile long checkedAt = Long.MIN_VALUE;

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // the stack asks several times per message; asking pax-logging each time cost ~2 % of the
        // REGISTER benchmark's CPU, so the answer is re-read once a second (a level change applies within 1 s)
        long now = System.nanoTime();
        if (now - checkedAt > 1_000_000_000L || checkedAt == Long.MIN_VALUE) {
            // the stack's INFO is logged at DEBUG (logInfo): at INFO it must say "off", or the stack does its
            // message logging work for nothing (TRACE_MESSAGES is TRACE_INFO: it re-parsed every answer it
            // retransmitted, only to log it - 10 % of the CPU samples of a bench/sip run with retransmissions)
            enabledUpTo = LOG.isTraceEnabled() ? TRACE_TRACE : LOG.isDebugEnabled() ? TRACE_DEBUG : TRACE_WARN;
            checkedAt = now;
        }
        return logLevel <= enabledUpTo;
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.warn(message + ": " + ex);
    }

    @Override
    public void logWarning(String message) {
        LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }

    /** The stack's message log: nothing (no message content in logs). */
    public static class Server implements gov.nist.core.ServerLogger {

        @Override
        public void closeLogFile() {
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        }

        @Override
        public void logException(Exception ex) {
            LOG.debug("stack exception", ex);
        }

        @Override
        public void setStackProperties(Properties stackProperties) {
        }

        @Override
        public void setSipStack(SipStack sipStack) {
        }
    }
}
