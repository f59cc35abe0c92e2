package io.parley.shell;

import io.parley.api.blocklist.BlocklistEntry;
import io.parley.api.blocklist.BlocklistService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:blocklist-*}: SPEC §24 from the shell. */
public final class BlocklistCommands {

    private BlocklistCommands() {
    }

    public abstract static class BlocklistAction extends ParleyAction {
        @Reference
        BlocklistService blocklist;
    }

    /** The blocklist commands that show something and take --json. */
    public abstract static class BlocklistView extends JsonAction {
        @Reference
        BlocklistService blocklist;
    }

    @Service
    @Command(scope = "parley", name = "blocklist-list", description = "List blocklisted numbers")
    public static final class ListEntries extends BlocklistView {
        @Option(name = "--q", description = "Part of the number")
        String q;
        @Option(name = "--source", description = "admin, agent or import")
        String source;
        @Option(name = "--page")
        Integer page;
        @Option(name = "--page-size")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/blocklist", instance()).param("q", q).param("source", source).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<BlocklistEntry> result = blocklist.list(instance(), q, source, PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Number");
            table.column("Source");
            table.column("Added by");
            table.column("Remark");
            table.column("Expires");
            for (BlocklistEntry e : result.items()) {
                table.addRow().addContent(e.id(), e.number(), e.source(), e.addedBy(), e.remark() == null ? "" : e.remark(),
                        e.expiresAt() == null ? "" : e.expiresAt());
            }
            table.print(System.out);
            System.out.println(result.total() + " number(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "blocklist-add", description = "Blocklist a caller number")
    public static final class AddEntry extends BlocklistAction {
        @Option(name = "--remark", description = "Up to 100 characters")
        String remark;
        @Argument(index = 0, name = "number", required = true, description = "+ or 00, country code and number")
        String number;

        @Override
        protected Object run() {
            BlocklistEntry e = blocklist.add(instance(), number, "shell", remark, null);
            System.out.println("Blocklisted " + e.number() + " (entry " + e.id() + ")");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "blocklist-remove", description = "Remove a blocklist entry")
    public static final class RemoveEntry extends BlocklistAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            blocklist.remove(instance(), id);
            System.out.println("Removed blocklist entry " + id);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "blocklist-import", description = "Blocklist every number of a file: one per "
            + "line, optionally followed by a comma and a remark; each line is reported")
    public static final class Import extends BlocklistAction {
        @Argument(index = 0, name = "file", required = true)
        @org.apache.karaf.shell.api.action.Completion(org.apache.karaf.shell.support.completers.FileCompleter.class)
        String file;

        @Override
        protected Object run() throws Exception {
            java.util.List<io.parley.api.blocklist.BlocklistDraft> drafts = new java.util.ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(file))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int comma = line.indexOf(',');
                drafts.add(new io.parley.api.blocklist.BlocklistDraft(comma < 0 ? line.strip() : line.substring(0, comma).strip(),
                        comma < 0 ? null : line.substring(comma + 1).strip(), null));
            }
            io.parley.api.blocklist.BulkAddResult r = blocklist.bulkAdd(instance(), drafts, "shell");
            for (io.parley.api.blocklist.BulkAddResult.Item i : r.items()) {
                if (!i.ok()) {
                    System.out.println(i.number() + ": " + i.code() + " " + i.message());
                }
            }
            System.out.println("Blocklisted " + r.added() + " of " + r.items().size() + " number(s)");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "blocklist-remove-many", description = "Remove several blocklist entries by id")
    public static final class RemoveMany extends BlocklistAction {
        @Argument(index = 0, name = "ids", required = true, multiValued = true)
        java.util.List<Long> ids;

        @Override
        protected Object run() {
            io.parley.api.bulk.BulkOutcome out = blocklist.bulkRemove(instance(), ids);
            out.items().stream().filter(i -> !i.ok()).forEach(i -> System.out.println(i.id() + ": " + i.code()));
            System.out.println("Removed " + out.succeeded() + " of " + out.items().size() + " entr(ies)");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "blocklist-check", description = "Whether calls from a number are refused")
    public static final class Check extends BlocklistView {
        @Argument(index = 0, name = "number", required = true)
        String number;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/blocklist/check", instance()).param("number", number);
        }

        @Override
        protected void show() throws Exception {
            System.out.println(number + (blocklist.isBlocked(instance(), number) ? " is blocklisted" : " is not blocklisted"));
        }
    }
}
