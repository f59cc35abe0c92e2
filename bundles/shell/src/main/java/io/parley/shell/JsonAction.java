package io.parley.shell;

import org.apache.karaf.shell.api.action.Option;

/**
 * Base of the commands that show something (lists, single items, settings): they print a table
 * or the item, and with {@code --json} the REST API's own answer to the same query instead
 * (SPEC §33), an error answer failing the command with the body's code and message.
 *
 * <pre>{@code
 * public static final class ShowGroup extends SkillGroupView {
 *     @Argument(index = 0, name = "id", required = true)
 *     long id;
 *
 *     protected RestJson restQuery() {
 *         return RestJson.query("/instances/%d/skill-groups/%d", instance(), id);
 *     }
 *
 *     protected void show() {
 *         print(groups.get(instance(), id), System.out);
 *     }
 * }
 * }</pre>
 */
public abstract class JsonAction extends ParleyAction {

    @Option(name = "--json", description = "Print the REST API's JSON instead")
    boolean json;

    @Override
    protected final Object run() throws Exception {
        apply();
        if (json) {
            return printJson(restQuery());
        }
        show();
        return null;
    }

    /** A change the command makes before it shows the result (the settings commands); none by default. */
    protected void apply() throws Exception {
    }

    /** The REST query whose answer {@code --json} prints. */
    protected abstract RestJson restQuery();

    /** Prints the table or the item. */
    protected abstract void show() throws Exception;
}
