package io.parley.shell;

import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import io.parley.api.push.OutboxEntry;
import io.parley.api.push.OutboxSummary;
import io.parley.api.push.PushOutbox;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:push-*}: the push outbox of SPEC §29.3 from the shell (settings: {@code parley:settings-show push}). */
public final class PushCommands {

    private PushCommands() {
    }

    /** The outbox service, or a clear message while the push bundle is not running. */
    static PushOutbox required(PushOutbox outbox) {
        if (outbox == null) {
            throw new IllegalStateException("the push outbox is not running (bundle parley-push)");
        }
        return outbox;
    }

    @Service
    @Command(scope = "parley", name = "push-status", description = "The push outbox: backlog, oldest pending item, last error")
    public static final class Status extends JsonAction {
        @Reference(optional = true)
        PushOutbox outbox;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/push/status", instance());
        }

        @Override
        protected void show() {
            OutboxSummary s = required(outbox).summary(instance());
            System.out.println("pending: " + s.pending());
            System.out.println("oldest pending: " + (s.oldestPendingAt() == null ? "-" : s.oldestPendingAt()));
            System.out.println("failed: " + s.failed());
            System.out.println("delivered (kept): " + s.delivered());
            System.out.println("last error: " + (s.lastError() == null ? "-" : s.lastError() + " at " + s.lastErrorAt()));
            if (s.held() != null) {
                System.out.println("held: " + s.held());
            }
        }
    }

    @Service
    @Command(scope = "parley", name = "push-list", description = "Items of the push outbox, newest first")
    public static final class ListItems extends JsonAction {
        @Reference(optional = true)
        PushOutbox outbox;
        @Option(name = "--status", description = "pending, delivered or failed")
        String status;
        @Option(name = "--page")
        Integer page;
        @Option(name = "--page-size")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/push/outbox", instance()).param("status", status).param("page", page)
                    .param("page_size", pageSize);
        }

        @Override
        protected void show() {
            Page<OutboxEntry> result = required(outbox).list(instance(), status, PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Kind");
            table.column("Session");
            table.column("Status");
            table.column("Attempts");
            table.column("Created");
            table.column("Last error");
            for (OutboxEntry e : result.items()) {
                table.addRow().addContent(e.id(), e.kind(), e.sessionId(), e.status(), e.attempts(), e.createdAt(),
                        e.lastError() == null ? "" : e.lastError());
            }
            table.print(System.out);
            System.out.println(result.total() + " item(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "push-retry", description = "Queue a failed push item again")
    public static final class Retry extends ParleyAction {
        @Reference(optional = true)
        PushOutbox outbox;
        @Argument(index = 0, name = "id", required = true, description = "Outbox item id (parley:push-list)")
        long id;

        @Override
        protected Object run() {
            OutboxEntry e = required(outbox).retry(instance(), id);
            System.out.println("Push item " + e.id() + " (" + e.kind() + " of " + e.sessionId() + ") queued again");
            return null;
        }
    }
}
