package io.parley.shell;

import io.parley.api.ivr.FlowSimulation;
import io.parley.api.ivr.GraphProblem;
import io.parley.api.ivr.IvrFlow;
import io.parley.api.ivr.IvrFlowService;
import io.parley.api.ivr.IvrNode;
import io.parley.api.ivr.IvrVersion;
import io.parley.api.ivr.SimulationResult;
import io.parley.api.ivr.SimulationScript;
import io.parley.api.paging.Page;
import io.parley.api.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code parley:ivr-*}: IVR flows and versions (SPEC §7, §9) from the shell; files are in docs/ivr-flow-format.md. */
public final class IvrCommands {

    private IvrCommands() {
    }

    public abstract static class IvrAction extends ParleyAction {
        @Reference
        IvrFlowService flows;

        static void problems(List<GraphProblem> problems) {
            if (problems.isEmpty()) {
                System.out.println("No problems: the version can be bound.");
                return;
            }
            ShellTable table = new ShellTable();
            table.column("Severity");
            table.column("Node");
            table.column("Field");
            table.column("Rule");
            for (GraphProblem p : problems) {
                table.addRow().addContent(p.severity(), p.nodeId() == null ? "" : p.nodeId(), p.field(), p.rule());
            }
            table.print(System.out);
        }

        static String read(String file) throws java.io.IOException {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-list", description = "List IVR flows")
    public static final class ListFlows extends IvrAction {
        @Option(name = "--kind", description = "inbound, self_service, automatic_outbound or outbound")
        String kind;
        @Option(name = "--query", aliases = "-q", description = "Name contains, or the flow id")
        String query;
        @Option(name = "--page", description = "Page, from 1")
        Integer page;

        @Override
        protected Object run() {
            Page<IvrFlow> p = flows.list(instance(), kind, query, PageRequest.of(page, 100));
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Kind");
            table.column("Name");
            table.column("Status");
            table.column("Versions");
            table.column("Numbers");
            for (IvrFlow f : p.items()) {
                table.addRow().addContent(f.id(), f.kind(), f.name(), f.status(),
                        String.join(" ", f.versions().stream().map(IvrFlow.VersionSummary::version).toList()),
                        String.join(" ", f.associatedNumbers()));
            }
            table.print(System.out);
            System.out.println(p.total() + " flow(s)");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-show", description = "Show a flow's versions, or one version's nodes and problems")
    public static final class Show extends IvrAction {
        @Argument(index = 0, name = "flow", required = true, description = "Flow id")
        long flowId;
        @Argument(index = 1, name = "version", description = "A version to show node by node (e.g. MAIN)")
        String version;

        @Override
        protected Object run() {
            IvrFlow f = flows.get(instance(), flowId);
            System.out.println(f.id() + " " + f.name() + " (" + f.kind() + ", " + f.status() + ")"
                    + (f.associatedNumbers().isEmpty() ? "" : " bound to " + String.join(", ", f.associatedNumbers())));
            if (version == null) {
                ShellTable table = new ShellTable();
                table.column("Version");
                table.column("Based on");
                table.column("Status");
                table.column("Updated");
                table.column("Notes");
                for (IvrFlow.VersionSummary v : f.versions()) {
                    table.addRow().addContent(v.version(), v.basedOn() == null ? "" : v.basedOn(), v.status(), v.updatedAt(),
                            v.notes());
                }
                table.print(System.out);
                return null;
            }
            IvrVersion v = flows.version(instance(), flowId, version);
            System.out.println("version " + v.version() + ": " + v.status() + ", " + v.graph().nodes().size() + " nodes, "
                    + v.graph().edges().size() + " edges");
            ShellTable table = new ShellTable();
            table.column("Node");
            table.column("Type");
            table.column("Label");
            table.column("Exits");
            for (IvrNode n : v.graph().nodes()) {
                table.addRow().addContent(n.id(), n.type(), n.label(), String.join(" ", v.graph().edges().stream()
                        .filter(e -> e.fromNode().equals(n.id())).map(e -> e.fromPort() + "->" + e.toNode()).toList()));
            }
            table.print(System.out);
            problems(v.problems());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-add", description = "Create a flow; its MAIN version runs Start -> End")
    public static final class Add extends IvrAction {
        @Argument(index = 0, name = "kind", required = true, description = "inbound, self_service, automatic_outbound or outbound")
        String kind;
        @Argument(index = 1, name = "name", required = true, description = "1..64 characters, unique per kind")
        String name;

        @Override
        protected Object run() {
            IvrFlow f = flows.create(instance(), kind, name, null);
            System.out.println("Flow " + f.id() + " " + f.name() + " created (" + f.kind() + ")");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-delete", description = "Delete a flow (refused while a number binds it)")
    public static final class Delete extends IvrAction {
        @Argument(index = 0, name = "flow", required = true, description = "Flow id")
        long flowId;

        @Override
        protected Object run() {
            flows.delete(instance(), flowId);
            System.out.println("Flow " + flowId + " deleted");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-version-add", description = "Add a version copied from another (default MAIN)")
    public static final class VersionAdd extends IvrAction {
        @Argument(index = 0, name = "flow", required = true, description = "Flow id")
        long flowId;
        @Argument(index = 1, name = "version", required = true, description = "1..20 of A-Z a-z 0-9 . _ -")
        String version;
        @Option(name = "--based-on", description = "The version to copy (default MAIN)")
        String basedOn;
        @Option(name = "--notes", description = "Up to 200 characters")
        String notes;

        @Override
        protected Object run() {
            IvrVersion v = flows.addVersion(instance(), flowId, version, basedOn, notes);
            System.out.println("Version " + v.version() + " of flow " + flowId + " added from " + v.basedOn() + " ("
                    + v.status() + ")");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-version-save", description = "Replace a version's graph from a JSON file and validate it")
    public static final class VersionSave extends IvrAction {
        @Argument(index = 0, name = "flow", required = true, description = "Flow id")
        long flowId;
        @Argument(index = 1, name = "version", required = true, description = "The version")
        String version;
        @Argument(index = 2, name = "file", required = true, description = "Graph JSON {\"nodes\":[…],\"edges\":[…]}")
        String file;

        @Override
        protected Object run() throws Exception {
            IvrVersion v = flows.saveVersion(instance(), flowId, version, flows.parseGraph(read(file)), null);
            System.out.println("Version " + v.version() + " saved: " + v.status());
            problems(v.problems());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-export", description = "Print a version as a flow document (or write it to a file)")
    public static final class Export extends IvrAction {
        @Argument(index = 0, name = "flow", required = true, description = "Flow id")
        long flowId;
        @Argument(index = 1, name = "version", description = "Default MAIN")
        String version;
        @Option(name = "--file", description = "Write the document here instead of printing it")
        String file;

        @Override
        protected Object run() throws Exception {
            String doc = flows.export(instance(), flowId, version == null ? IvrVersion.MAIN : version);
            if (file == null) {
                System.out.println(doc);
            } else {
                Files.writeString(Path.of(file), doc, StandardCharsets.UTF_8);
                System.out.println("Written to " + file);
            }
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-import", description = "Create a flow from an exported flow document")
    public static final class Import extends IvrAction {
        @Argument(index = 0, name = "file", required = true, description = "The document (docs/ivr-flow-format.md)")
        String file;
        @Option(name = "--name", description = "The new flow's name (default: the document's)")
        String name;

        @Override
        protected Object run() throws Exception {
            IvrFlow f = flows.importFlow(instance(), read(file), name);
            System.out.println("Flow " + f.id() + " " + f.name() + " imported (" + f.kind() + ", " + f.status() + ")");
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-validate", description = "Validate a version (or a graph file) against the node types installed now")
    public static final class Validate extends IvrAction {
        @Argument(index = 0, name = "flow", description = "Flow id")
        Long flowId;
        @Argument(index = 1, name = "version", description = "Default MAIN")
        String version;
        @Option(name = "--file", description = "A graph JSON file to check instead of a stored version")
        String file;
        @Option(name = "--kind", description = "The kind the file is for (default inbound)")
        String kind;

        @Override
        protected Object run() throws Exception {
            if (file != null) {
                problems(flows.validate(instance(), kind == null ? IvrFlow.INBOUND : kind, flows.parseGraph(read(file))));
                return null;
            }
            if (flowId == null) {
                throw new CommandFailure("INVALID", "flow: give a flow id or --file");
            }
            problems(flows.version(instance(), flowId, version == null ? IvrVersion.MAIN : version).problems());
            return null;
        }
    }

    @Service
    @Command(scope = "parley", name = "ivr-simulate", description = "Run a version with no call from a script of caller "
            + "inputs (docs/ivr-flow-format.md, Simulation) and print the path, ports and variables")
    public static final class Simulate extends ParleyAction {
        @Reference
        FlowSimulation simulation;
        @Argument(index = 0, name = "flow", required = true, description = "Flow id")
        long flowId;
        @Argument(index = 1, name = "version", description = "Default MAIN")
        String version;
        @Option(name = "--script", description = "A script JSON file (default: no input, every question times out)")
        String script;
        @Option(name = "--keys", description = "Shorthand script: one input per character, e.g. 21 presses 2 at the "
                + "first question and 1 at the next")
        String keys;

        @Override
        protected Object run() throws Exception {
            SimulationScript s;
            if (script != null) {
                s = simulation.parseScript(IvrAction.read(script));
            } else if (keys != null) {
                List<SimulationScript.Input> inputs = new java.util.ArrayList<>();
                for (char c : keys.toCharArray()) {
                    inputs.add(SimulationScript.Input.keys(null, String.valueOf(c)));
                }
                s = new SimulationScript(null, null, null, inputs, null, null, null, null);
            } else {
                s = SimulationScript.empty();
            }
            SimulationResult r = simulation.simulate(instance(), flowId, version == null ? IvrVersion.MAIN : version, s);
            ShellTable table = new ShellTable();
            table.column("Visit");
            table.column("Node");
            table.column("Label");
            table.column("Type");
            table.column("Port");
            table.column("Keys");
            table.column("Said / details").maxSize(60);
            for (SimulationResult.Step step : r.path()) {
                String said = String.join(" | ", step.said());
                table.addRow().addContent(step.visit(), step.nodeId(), step.label(), step.type(), step.port(), step.keys(),
                        step.details().isEmpty() ? said : said + " {" + step.details() + "}");
            }
            table.print(System.out);
            System.out.println("Ended: " + r.endReason() + ", status " + r.status() + ", " + r.visits() + " visits"
                    + (r.draft() ? " (a draft: no number can bind it)" : "")
                    + (r.inputsLeft() > 0 ? ", " + r.inputsLeft() + " input(s) not taken" : ""));
            r.variables().forEach((k, v) -> System.out.println("  " + k + " = " + v));
            return null;
        }
    }
}
