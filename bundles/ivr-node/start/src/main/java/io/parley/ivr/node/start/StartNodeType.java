package io.parley.ivr.node.start;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Start (SPEC §8.1): the one entry of every flow (node id {@code main_menu}). It has no
 * parameters; the engine provides the system variables of §7.4 before it runs.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + StartNodeType.TYPE)
public class StartNodeType extends ParameterizedNodeType<Void> {

    static final String TYPE = "start";
    static final String NEXT = "next";

    public StartNodeType() {
        super("Start (SPEC §8.1)", List.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected Void read(Params p) {
        return null;
    }

    @Override
    protected List<String> exits(Void settings) {
        return List.of(NEXT);
    }

    @Override
    protected String run(Void settings, NodeContext ctx) {
        return ctx.callerHungUp() ? HANG_UP : NEXT;
    }
}
