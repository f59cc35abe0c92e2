package io.parley.ivr.node.to_external;

import io.parley.api.ivr.FlowReferences;
import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.api.ivr.Prompt;
import io.parley.api.ivr.TransferOutcome;
import io.parley.api.ivr.TransferTarget;
import io.parley.ivr.node.common.JsonPost;
import io.parley.ivr.node.common.Param;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * External line transfer (SPEC §8.9): calls an external number presenting an instance number,
 * bridges it to the caller (the engine records it) and goes on at {@code next} when the
 * external leg ends. With {@code number_source=callback} the customer's server chooses both
 * numbers first (SPEC §34 p27); a failed callback leaves the configured ones. The caller
 * hears {@code prompt}, or the system hold music, while the external number rings. The
 * record status becomes {@code external_transfer}.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + ToExternalNodeType.TYPE)
public class ToExternalNodeType extends ParameterizedNodeType<ToExternalNodeType.Settings> {

    static final String TYPE = "to_external";
    static final String NEXT = "next";
    static final String EXTERNAL_TRANSFER = "external_transfer";
    /** The callback's timeout: SPEC gives none for this one, so the specified-agent callback's 3 s (§34 p24). */
    static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(3);

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,32}");
    private static final String NUMBER_RULE = "must be a phone number: 3 to 32 digits, optionally after +";

    static final Param.PromptObject PROMPT = new Param.PromptObject("prompt", false, true,
            "played while the external leg rings; default system_hold_music");
    static final Param.Choice NUMBER_SOURCE = new Param.Choice("number_source", "specified",
            List.of("specified", "callback"), "callback asks callback_url for the numbers");
    static final Param.Text CALLER_NUMBER = new Param.Text("caller_number", true, 33, NUMBER, NUMBER_RULE,
            "an active instance number with outbound capability; the fallback for callback");
    static final Param.Text CONTACT_NUMBER = new Param.Text("contact_number", true, 33, NUMBER, NUMBER_RULE,
            "external destination; the fallback for callback");
    static final Param.Text CALLBACK_URL = new Param.Text("callback_url", false, 2048, null, null,
            "https URL, required with number_source=callback");

    record Settings(Optional<Prompt> prompt, boolean callback, String callerNumber, String contactNumber,
                    Optional<URI> callbackUrl) {
    }

    public ToExternalNodeType() {
        super("External line transfer (SPEC §8.9)", List.of(PROMPT, NUMBER_SOURCE, CALLER_NUMBER, CONTACT_NUMBER,
                CALLBACK_URL));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Settings read(Params p) {
        boolean callback = "callback".equals(p.get(NUMBER_SOURCE));
        Optional<URI> url = JsonPost.url(p, CALLBACK_URL, true);
        if (callback && url.isEmpty() && p.problems().stream().noneMatch(x -> x.field().equals(CALLBACK_URL.name()))) {
            p.problem(CALLBACK_URL.name(), "is required with number_source=callback");
        }
        return new Settings(p.get(PROMPT), callback, p.get(CALLER_NUMBER).orElse(null),
                p.get(CONTACT_NUMBER).orElse(null), url);
    }

    @Override
    protected void checkReferences(Settings s, FlowReferences references, Params p) {
        if (s.callerNumber() != null && !references.outboundNumber(s.callerNumber())) {
            p.problem(CALLER_NUMBER.name(), s.callerNumber() + " is not an active instance number with outbound capability");
        }
    }

    @Override
    protected List<String> exits(Settings s) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Settings s, NodeContext ctx) {
        String caller = s.callerNumber();
        String contact = s.contactNumber();
        if (s.callback() && s.callbackUrl().isPresent()) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("SessionId", ctx.sessionId());
            request.put("Caller", ctx.variables().getOrDefault("SystemCallerNumber", ""));
            request.put("Callee", ctx.variables().getOrDefault("SystemCalleeNumber", ""));
            request.put("SdkAppId", ctx.instanceId());
            JsonPost.Result r = JsonPost.post(ctx.http(), s.callbackUrl().get(), request, CALLBACK_TIMEOUT);
            Optional<Map<String, String>> answer = r.answer().filter(a -> "0".equals(a.get("ErrCode")));
            if (answer.isPresent()) {
                caller = usable(answer.get().get("CallerNumber"), caller);
                contact = usable(answer.get().get("ContactNumber"), contact);
            }
            ctx.trace("external_callback", Map.of("result", answer.isPresent() ? "success" : "failure",
                    "reason", answer.isPresent() ? "" : r.answer().isPresent() ? "ErrCode " + r.answer().get().get("ErrCode")
                            : r.failure()));
        }
        ctx.recordStatus(EXTERNAL_TRANSFER);
        TransferOutcome outcome = ctx.transfer(new TransferTarget.ExternalNumber(contact, caller), s.prompt().orElse(null));
        ctx.trace("external_transfer", Map.of("number", contact, "caller_number", caller,
                "outcome", String.valueOf(outcome.reason())));
        if (ctx.callerHungUp() || TransferOutcome.CALLER_HUNG_UP.equals(outcome.reason())) {
            return HANG_UP;
        }
        return NEXT;
    }

    private static String usable(String fromCallback, String fallback) {
        return fromCallback != null && NUMBER.matcher(fromCallback).matches() ? fromCallback : fallback;
    }
}
