package io.parley.shell;

import io.parley.api.acd.Acd;
import io.parley.api.acd.QueueStatus;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:queue-*}: the ACD's queues and their service level. */
public final class QueueCommands {

    private QueueCommands() {
    }

    @Service
    @Command(scope = "parley", name = "queue-list", description = "Skill-group queues: callers waiting, the oldest, "
            + "the routing policy in use, and the service level (answered within T, answer-time percentiles)")
    public static final class ListQueues extends ParleyAction {
        @Reference
        Acd acd;

        @Override
        protected Object run() {
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Group", "Waiting", "Oldest since", "Policy", "Answered", "Within T",
                    "Abandoned", "SL %", "p50 s", "p90 s", "p99 s"}) {
                table.column(c);
            }
            for (QueueStatus q : acd.queues(instance())) {
                table.addRow().addContent(q.skillGroupId(), q.waiting(), q.oldestQueuedAt() == null ? "" : q.oldestQueuedAt(),
                        q.policy(), q.answered(), q.answeredWithinT() + " (T " + q.serviceLevelSeconds() + " s)",
                        q.abandoned(), String.format("%.1f", q.serviceLevelPercent()), secs(q.p50()), secs(q.p90()),
                        secs(q.p99()));
            }
            table.print(System.out);
            return null;
        }

        private static String secs(Duration d) {
            return d == null ? "" : String.format("%.1f", d.toMillis() / 1000.0);
        }
    }
}
