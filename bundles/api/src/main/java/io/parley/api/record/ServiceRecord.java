package io.parley.api.record;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The SPEC §27.1 record of one session, as the records bundle keeps it while the call goes and
 * after it ended. {@code open} is true while the session runs ({@code status} is then
 * {@code calling}); {@code endedAt} is null until then.
 *
 * <pre>{@code
 * ServiceRecord r = records.get(instanceId, "lq3k9x-1a");
 * if (!r.open() && "abandoned_in_queue".equals(r.status())) {
 *     System.out.println(r.callerNumber() + " waited " + r.queueDurationS() + " s");
 * }
 * }</pre>
 *
 * @param numberSource   {@code own_number} when {@code callerNumber} is one of the instance's numbers (outbound), else null
 * @param skillGroupId   the skill group of {@code skillGroup} (the scope of SPEC §5.3 is checked on it)
 * @param ivrPath        the IVR nodes visited, in order
 * @param variables      collected or API variables, sensitive ones masked; {@code user_data} of an agent's call
 */
public record ServiceRecord(long instanceId, String sessionId, Instant time, String category, String direction,
                            String agentTerminal, String callerNumber, String numberSource, String calleeNumber,
                            String remark, String status, int durationS, int ringDurationS, int talkDurationS,
                            int queueDurationS, int holdDurationS, String agentName, String agentId,
                            String skillGroup, Long skillGroupId, Satisfaction satisfaction, String hangupParty,
                            List<IvrStep> ivrPath, Voicemail voicemail, Recording recording, Long campaignId,
                            List<Transfer> transfers, Map<String, String> variables, boolean open, Instant endedAt) {

    public ServiceRecord {
        ivrPath = ivrPath == null ? List.of() : List.copyOf(ivrPath);
        transfers = transfers == null ? List.of() : List.copyOf(transfers);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    /** The same record with another remark. */
    public ServiceRecord withRemark(String newRemark) {
        return new ServiceRecord(instanceId, sessionId, time, category, direction, agentTerminal, callerNumber,
                numberSource, calleeNumber, newRemark, status, durationS, ringDurationS, talkDurationS, queueDurationS,
                holdDurationS, agentName, agentId, skillGroup, skillGroupId, satisfaction, hangupParty, ivrPath,
                voicemail, recording, campaignId, transfers, variables, open, endedAt);
    }

    /** One node visit of the IVR path: {@code key} is the DTMF keys chosen there, null when none. */
    public record IvrStep(String nodeId, String label, String key) {
    }

    /** The caller's rating (SPEC §8.7). */
    public record Satisfaction(String digit, String label) {
    }

    /** A voicemail left in the session (SPEC §28). */
    public record Voicemail(String id, int durationS) {
    }

    /** The dual-track recording of the session (SPEC §28). */
    public record Recording(String id, int durationS, int channels) {
    }

    /** A transfer: when, the agent who had the call (null when none), the target and its kind. */
    public record Transfer(Instant time, String fromAgent, String to, String type) {
    }
}
