package io.parley.shell;

import io.parley.api.bulk.BulkOutcome;
import io.parley.api.hotword.HotWord;
import io.parley.api.hotword.HotWordService;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:hotword-*}: the shell face of SPEC §17, with the service's validation. */
public final class HotWordCommands {

    private HotWordCommands() {
    }

    public abstract static class HotWordAction extends ParleyAction {
        @Reference
        HotWordService hotWords;
    }

    /** The hot word commands that show something and take --json. */
    public abstract static class HotWordView extends JsonAction {
        @Reference
        HotWordService hotWords;
    }

    @Service
    @Command(scope = "parley", name = "hotword-list", description = "List hot words, optionally searching by name")
    public static final class ListWords extends HotWordView {
        @Option(name = "--q", aliases = "--name", description = "Part of the name, ignoring case")
        String q;
        @Option(name = "--page", description = "Page number, from 1")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 10")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/hot-words", instance()).param("q", q).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<HotWord> result = hotWords.list(instance(), q, PageRequest.of(page, pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Weight");
            for (HotWord w : result.items()) {
                table.addRow().addContent(w.id(), w.name(), w.weight());
            }
            table.print(System.out);
            System.out.println(result.total() + " hot word(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "hotword-add", description = "Create a hot word (at most 1000 per instance)")
    public static final class AddWord extends HotWordAction {
        @Option(name = "--weight", description = "1..10, default 10")
        Integer weight;
        @Argument(index = 0, name = "name", required = true,
                description = "letters, digits, CJK, _ and -; at most 10 CJK or 20 other characters")
        String name;

        @Override
        protected Object run() {
            HotWord w = hotWords.create(instance(), name, weight);
            System.out.println("Created hot word " + w.id() + ": " + w.name() + "|" + w.weight());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "hotword-edit", description = "Change a hot word's name or weight")
    public static final class EditWord extends HotWordAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--weight", description = "1..10")
        Integer weight;
        @Argument(index = 0, name = "id", required = true)
        @Completion(Completers.HotWordId.class)
        long id;

        @Override
        protected Object run() {
            HotWord w = hotWords.edit(instance(), id, name, weight);
            System.out.println("Hot word " + w.id() + ": " + w.name() + "|" + w.weight());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "hotword-delete", description = "Delete one or more hot words permanently")
    public static final class DeleteWords extends HotWordAction {
        @Argument(index = 0, name = "ids", required = true, multiValued = true)
        @Completion(Completers.HotWordId.class)
        List<Long> ids;

        @Override
        protected Object run() {
            if (ids.size() == 1) {
                hotWords.delete(instance(), ids.get(0));
                System.out.println("Deleted hot word " + ids.get(0));
                return null;
            }
            BulkOutcome out = hotWords.bulkDelete(instance(), ids);
            for (BulkOutcome.Item i : out.items()) {
                System.out.println(i.id() + " " + (i.ok() ? "deleted" : i.code() + " " + i.message()));
            }
            System.out.println(out.succeeded() + " deleted, " + out.failed() + " failed");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "hotword-import",
            description = "Replace every hot word with a .txt file of name|weight lines (<= 100 KB); a bad line changes nothing")
    public static final class ImportWords extends HotWordAction {
        @Argument(index = 0, name = "file", required = true, description = "Path of the .txt file")
        @Completion(FileCompleter.class)
        String file;

        @Override
        protected Object run() throws Exception {
            byte[] content;
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                content = in.readNBytes(HotWordService.MAX_IMPORT_BYTES + 1);
            } catch (NoSuchFileException e) {
                System.err.println("No such file: " + file);
                return null;
            }
            int n = hotWords.importText(instance(), content);
            System.out.println("Imported " + n + " hot word(s); the previous list was replaced");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "hotword-export",
            description = "Print every hot word as name|weight lines, or write them to a file")
    public static final class ExportWords extends HotWordAction {
        @Argument(index = 0, name = "file", required = false, description = "Write to this file instead of printing")
        @Completion(FileCompleter.class)
        String file;

        @Override
        protected Object run() throws Exception {
            String text = hotWords.exportText(instance());
            if (file == null) {
                System.out.print(text);
            } else {
                Files.write(Path.of(file), text.getBytes(StandardCharsets.UTF_8));
                System.out.println("Wrote " + text.lines().count() + " hot word(s) to " + file);
            }
            return null;
        }
    }
}
