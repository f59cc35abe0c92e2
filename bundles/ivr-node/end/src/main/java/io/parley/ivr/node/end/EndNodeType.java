package io.parley.ivr.node.end;

import io.parley.api.ivr.IvrNodeType;
import io.parley.api.ivr.NodeContext;
import io.parley.ivr.node.common.ParameterizedNodeType;
import io.parley.ivr.node.common.Params;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * End (SPEC §8.8): the flow is over. It has no parameters and no ports. It does not hang up
 * itself: what the end of a flow means depends on the flow's kind (an inbound call is
 * released, a self-service customer goes back to the agent, §7.6), which the engine knows.
 */
@Component(service = IvrNodeType.class, property = IvrNodeType.TYPE_PROPERTY + "=" + EndNodeType.TYPE)
public class EndNodeType extends ParameterizedNodeType<Void> {

    static final String TYPE = "end";

    public EndNodeType() {
        super("End (SPEC §8.8)", List.of());
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
        return List.of();
    }

    @Override
    protected String run(Void settings, NodeContext ctx) {
        return END_FLOW;
    }
}
