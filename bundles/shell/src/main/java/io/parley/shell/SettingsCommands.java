package io.parley.shell;

import io.parley.api.error.InvalidException;
import io.parley.api.settings.InstanceSettingsService;
import io.parley.api.settings.SettingsSection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code parley:settings-show} and {@code parley:settings-set}: the settings pages inbound
 * (SPEC §15.1), outbound (§11.1) and general (§21.1, §24.1, §25, §26.1), through the same
 * service and rules as {@code PATCH {I}/settings/<section>}.
 */
public final class SettingsCommands {

    private SettingsCommands() {
    }

    public abstract static class SettingsAction extends ParleyAction {
        @Reference
        InstanceSettingsService settings;

        static SettingsSection section(String wire) {
            return SettingsSection.fromWire(wire).orElseThrow(() -> new InvalidException("section",
                    "must be one of " + java.util.Arrays.stream(SettingsSection.values()).map(SettingsSection::wire)
                            .collect(java.util.stream.Collectors.joining(", "))));
        }

        /** Prints the page one field per line, nested fields as dotted paths. */
        static void print(String prefix, Object value) {
            if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> print(prefix.isEmpty() ? k.toString() : prefix + "." + k, v));
            } else if (value instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
                System.out.println(prefix + ": " + windowsText(l));
            } else {
                System.out.println(prefix + ": " + value);
            }
        }

        /** [{weekdays:[mon,tue], from:09:00, to:17:00}] → {@code mon,tue 09:00-17:00}, ';'-separated. */
        static String windowsText(List<?> windows) {
            List<String> out = new ArrayList<>();
            for (Object w : windows) {
                Map<?, ?> m = (Map<?, ?>) w;
                out.add(String.join(",", ((List<?>) m.get("weekdays")).stream().map(Object::toString).toList())
                        + " " + m.get("from") + "-" + m.get("to"));
            }
            return String.join(";", out);
        }
    }

    /** The settings commands that show something and take --json. */
    public abstract static class SettingsView extends JsonAction {
        @Reference
        InstanceSettingsService settings;
    }

    public static final class Sections extends StringsCompleter {
        public Sections() {
            super(Arrays.stream(SettingsSection.values()).map(SettingsSection::wire).toList());
        }
    }

    @Service
    @Command(scope = "parley", name = "settings-show", description = "Show a settings page: inbound, outbound, general or push")
    public static final class Show extends SettingsView {
        @Argument(index = 0, name = "section", required = true, description = "inbound, outbound, general or push")
        @Completion(Sections.class)
        String section;

        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/settings/%s", instance(), SettingsAction.section(section).wire());
        }

        @Override
        protected void show() throws Exception {
            SettingsAction.print("", settings.view(instance(), SettingsAction.section(section)));
        }
    }

    @Service
    @Command(scope = "parley", name = "settings-set", description = "Set one field of a settings page (all rules of "
            + "the REST PATCH apply; 'null' restores the default)")
    public static final class Set extends SettingsAction {
        @Argument(index = 0, name = "section", required = true, description = "inbound, outbound, general or push")
        @Completion(Sections.class)
        String section;
        @Argument(index = 1, name = "field", required = true,
                description = "Field, nested ones dotted: ring_timeout_s, hold_audio.prompt.text, "
                        + "number_protection.user_id_mapping.auth")
        String field;
        @Argument(index = 2, name = "value", required = true,
                description = "true/false, a number, text, 'null' for the default; auto_answer_windows: 'all' or "
                        + "'mon,tue,wed 09:00-17:00;sat 10:00-12:00'")
        String value;

        @Override
        protected Object run() {
            String[] path = field.split("\\.");
            Object leaf = value(path[path.length - 1], value);
            Map<String, Object> patch = new LinkedHashMap<>();
            Map<String, Object> node = patch;
            for (int i = 0; i < path.length - 1; i++) {
                Map<String, Object> child = new LinkedHashMap<>();
                node.put(path[i], child);
                node = child;
            }
            node.put(path[path.length - 1], leaf);
            Map<String, Object> result = settings.update(instance(), section(section), patch);
            print("", result);
            return null;
        }

        static Object value(String name, String text) {
            if (text.equals("null")) {
                return null;
            }
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            if (text.matches("-?[0-9]{1,18}")) {
                return Long.valueOf(text);
            }
            if (name.equals("auto_answer_windows") && !text.equals("all")) {
                List<Object> windows = new ArrayList<>();
                for (String w : text.split(";")) {
                    String[] parts = w.strip().split("\\s+");
                    String[] times = parts.length == 2 ? parts[1].split("-") : new String[0];
                    if (times.length != 2) {
                        throw new InvalidException("auto_answer_windows", "write windows as 'mon,tue 09:00-17:00', "
                                + "separated by ';'");
                    }
                    Map<String, Object> window = new LinkedHashMap<>();
                    window.put("weekdays", List.of(parts[0].split(",")));
                    window.put("from", times[0]);
                    window.put("to", times[1]);
                    windows.add(window);
                }
                return windows;
            }
            return text;
        }
    }
}
