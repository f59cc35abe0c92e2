package io.parley.shell;

import io.parley.api.audio.AudioFile;
import io.parley.api.audio.AudioFileService;
import io.parley.api.error.InvalidException;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:audio-*}: the shell face of SPEC §10 (audio files and their review). */
public final class AudioFileCommands {

    private AudioFileCommands() {
    }

    public abstract static class AudioAction extends ParleyAction {
        @Reference
        AudioFileService audio;
    }

    /** The audio file commands that show something and take --json. */
    public abstract static class AudioView extends JsonAction {
        @Reference
        AudioFileService audio;
    }

    @Service
    @Command(scope = "parley", name = "audio-list", description = "List audio files, newest first")
    public static final class ListAudio extends AudioView {
        @Option(name = "--q", description = "Name contains")
        String q;
        @Option(name = "--page")
        Integer page;
        @Option(name = "--page-size", description = "10..100, default 15")
        Integer pageSize;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/audio-files", instance()).param("q", q).param("page", page).param("page_size", pageSize);
        }

        @Override
        protected void show() throws Exception {
            Page<AudioFile> result = audio.list(instance(), q, PageRequest.of(page, pageSize == null ? 15 : pageSize));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Name");
            table.column("Format");
            table.column("Bytes");
            table.column("Duration (s)");
            table.column("Review");
            for (AudioFile a : result.items()) {
                table.addRow().addContent(a.id(), a.name(), a.format(), a.sizeBytes(),
                        String.format("%.2f", a.durationMillis() / 1000.0), a.reviewStatus());
            }
            table.print(System.out);
            System.out.println(result.total() + " audio file(s)");
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-upload", description = "Upload an mp3 or wav file (at most 5 MB) from the appliance's disk")
    public static final class Upload extends AudioAction {
        @Argument(index = 0, name = "name", required = true, description = "1..64 characters")
        String name;
        @Argument(index = 1, name = "file", required = true, description = "Path of the mp3 or wav file")
        @Completion(FileCompleter.class)
        String file;

        @Override
        protected Object run() throws IOException {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new InvalidException("file", "no such file: " + file);
            }
            byte[] content;
            try (InputStream in = Files.newInputStream(path)) {
                content = in.readNBytes(AudioFileService.MAX_BYTES + 1);
            }
            print(audio.upload(instance(), name, path.getFileName().toString(), content));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-show", description = "Show one audio file")
    public static final class Show extends AudioView {
        @Argument(index = 0, name = "id", required = true)
        String id;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/audio-files/%s", instance(), id);
        }

        @Override
        protected void show() throws Exception {
            print(audio.get(instance(), id));
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-export", description = "Write the audio as played (8 kHz mono WAV) to a file")
    public static final class Export extends AudioAction {
        @Argument(index = 0, name = "id", required = true)
        String id;
        @Argument(index = 1, name = "file", required = true, description = "Destination .wav path")
        String file;

        @Override
        protected Object run() throws IOException {
            Files.write(Path.of(file), audio.wav(instance(), id));
            System.out.println("Wrote " + file);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-rename", description = "Rename an audio file")
    public static final class Rename extends AudioAction {
        @Argument(index = 0, name = "id", required = true)
        String id;
        @Argument(index = 1, name = "name", required = true)
        String name;

        @Override
        protected Object run() {
            print(audio.rename(instance(), id, name));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-approve", description = "Approve a pending audio file")
    public static final class Approve extends AudioAction {
        @Argument(index = 0, name = "id", required = true)
        String id;

        @Override
        protected Object run() {
            print(audio.approve(instance(), id));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-reject", description = "Reject a pending audio file")
    public static final class Reject extends AudioAction {
        @Argument(index = 0, name = "id", required = true)
        String id;
        @Argument(index = 1, name = "reason", required = true, description = "1..200 characters")
        String reason;

        @Override
        protected Object run() {
            print(audio.reject(instance(), id, reason));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "audio-delete", description = "Delete an audio file")
    public static final class Delete extends AudioAction {
        @Argument(index = 0, name = "id", required = true)
        String id;

        @Override
        protected Object run() {
            audio.delete(instance(), id);
            System.out.println("Deleted audio file " + id);
            return null;
        }
    }

    static void print(AudioFile a) {
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("id", a.id());
        table.addRow().addContent("name", a.name());
        table.addRow().addContent("file_name", a.fileName() == null ? "" : a.fileName());
        table.addRow().addContent("format", a.format());
        table.addRow().addContent("size_bytes", a.sizeBytes());
        table.addRow().addContent("duration (8 kHz PCM)", String.format("%.2f s", a.durationMillis() / 1000.0));
        table.addRow().addContent("review_status", a.reviewStatus());
        if (a.rejectReason() != null) {
            table.addRow().addContent("reject_reason", a.rejectReason());
        }
        table.print(System.out);
    }
}
