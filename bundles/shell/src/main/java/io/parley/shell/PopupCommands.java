package io.parley.shell;

import io.parley.api.popup.PopupDraft;
import io.parley.api.popup.PopupPage;
import io.parley.api.popup.PopupService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:popup-*}: inbound call pop-up pages (SPEC §13) from the shell. */
public final class PopupCommands {

    private PopupCommands() {
    }

    public abstract static class PopupAction extends ParleyAction {
        @Reference
        PopupService popups;

        static Object width(String text) {
            if (text == null || text.equals("default")) {
                return text;
            }
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                return text; // the service names the rule
            }
        }

        static void print(PopupPage p) {
            System.out.println(p.order() + ". " + p.name() + " (" + p.id() + ") " + p.url()
                    + (p.enabled() ? " enabled" : " disabled") + (p.alwaysVisible() ? ", always visible" : ""));
        }
    }

    /** The pop-up page commands that show something and take --json. */
    public abstract static class PopupView extends JsonAction {
        @Reference
        PopupService popups;
    }

    @Service
    @Command(scope = "parley", name = "popup-list", description = "List pop-up pages in their order")
    public static final class ListPages extends PopupView {
        @Override
        protected RestJson restQuery() {
            return RestJson.query("/instances/%d/popups", instance());
        }

        @Override
        protected void show() throws Exception {
            ShellTable table = new ShellTable();
            table.column("Order");
            table.column("Id");
            table.column("Name");
            table.column("URL");
            table.column("Width");
            table.column("Always visible");
            table.column("Enabled");
            for (PopupPage p : popups.list(instance())) {
                table.addRow().addContent(p.order(), p.id(), p.name(), p.url(), p.width() == null ? "default" : p.width(),
                        p.alwaysVisible(), p.enabled());
            }
            table.print(System.out);
        }
    }

    @Service
    @Command(scope = "parley", name = "popup-add", description = "Add a pop-up page (https only, at most 10)")
    public static final class Add extends PopupAction {
        @Option(name = "--width", description = "200..2000 pixels or default")
        String width;
        @Option(name = "--always-visible", description = "Show it also outside calls")
        boolean alwaysVisible;
        @Option(name = "--enabled", description = "Enable it at once (default: disabled)")
        boolean enabled;
        @Argument(index = 0, name = "name", required = true, description = "1..20 characters")
        String name;
        @Argument(index = 1, name = "url", required = true, description = "https:// URL")
        String url;

        @Override
        protected Object run() {
            print(popups.create(instance(), new PopupDraft(name, url, width(width), alwaysVisible, enabled)));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "popup-edit", description = "Change a pop-up page")
    public static final class Edit extends PopupAction {
        @Option(name = "--name")
        String name;
        @Option(name = "--url")
        String url;
        @Option(name = "--width", description = "200..2000 pixels or default")
        String width;
        @Option(name = "--always-visible", description = "true or false")
        Boolean alwaysVisible;
        @Option(name = "--enabled", description = "true or false")
        Boolean enabled;
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            print(popups.edit(instance(), id, new PopupDraft(name, url, width(width), alwaysVisible, enabled)));
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "popup-delete", description = "Delete a pop-up page")
    public static final class Delete extends PopupAction {
        @Argument(index = 0, name = "id", required = true)
        long id;

        @Override
        protected Object run() {
            popups.delete(instance(), id);
            System.out.println("Deleted pop-up page " + id);
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "popup-move", description = "Move a pop-up page one place up or down")
    public static final class Move extends PopupAction {
        @Argument(index = 0, name = "id", required = true)
        long id;
        @Argument(index = 1, name = "direction", required = true, description = "up or down")
        String direction;

        @Override
        protected Object run() {
            if (!direction.equals("up") && !direction.equals("down")) {
                throw new io.parley.api.error.InvalidException("direction", "must be up or down");
            }
            print(direction.equals("up") ? popups.moveUp(instance(), id) : popups.moveDown(instance(), id));
            return null;
        }
    }
}
