package io.parley.api.ivr;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the simulated caller and the world do (see {@link FlowSimulation}).
 *
 * <pre>{@code
 * new SimulationScript("008613900000001", "4001", Instant.parse("2026-12-25T10:00:00Z"),
 *         List.of(SimulationScript.Input.keys("menu", "2")), null, null, Map.of(), Map.of());
 * }</pre>
 *
 * @param callerNumber  {@code ${SystemCallerNumber}}; null: a placeholder number
 * @param calleeNumber  {@code ${SystemCalleeNumber}}; null: a placeholder number
 * @param now           the clock the run starts at (working hours read it); null: the real time
 * @param inputs        the caller's answers, taken in order by the nodes that ask; an input naming
 *                      a node is only taken there (another node asking meanwhile hears silence)
 * @param hangUpAtVisit the caller hangs up during this node visit (1 = Start); null: never
 * @param hangUpAtNode  the caller hangs up during the first visit of this node; null: never
 * @param apiAnswers    HTTP answers by exact URL for the run's POSTs (api_call, callbacks); other URLs are called
 * @param transfers     how a transfer from a node ends, by node id; absent: not connected, {@code no_answer}
 */
public record SimulationScript(String callerNumber, String calleeNumber, Instant now, List<Input> inputs,
                               Integer hangUpAtVisit, String hangUpAtNode, Map<String, ApiAnswer> apiAnswers,
                               Map<String, TransferOutcome> transfers) {

    public SimulationScript {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        apiAnswers = apiAnswers == null ? Map.of() : Map.copyOf(apiAnswers);
        transfers = transfers == null ? Map.of() : Map.copyOf(transfers);
    }

    /** The empty script: no input, no hang-up, the real clock, real HTTP. */
    public static SimulationScript empty() {
        return new SimulationScript(null, null, null, List.of(), null, null, Map.of(), Map.of());
    }

    /**
     * One answer of the caller.
     *
     * @param node          the node that takes it, or null for whichever asks next
     * @param keys          DTMF keys, e.g. {@code "1"} or {@code "12345#"}; null for none
     * @param speech        what the caller says (speech menus), or null
     * @param recordSeconds a voicemail's length when a voicemail node takes this input; null: 0
     */
    public record Input(String node, String keys, String speech, Integer recordSeconds) {

        public static Input keys(String node, String keys) {
            return new Input(node, keys, null, null);
        }
    }

    /**
     * A stubbed HTTP answer.
     *
     * @param status the status code
     * @param body   the body as sent (JSON text), or null for none
     */
    public record ApiAnswer(int status, String body) {
    }
}
