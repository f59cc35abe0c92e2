package io.parley.ivr.flow;

/** The test graphs shared with the engine tests. */
public final class IvrFlowManagerTestGraphs {

    public static final String MENU = IvrFlowManagerTest.MENU;

    private IvrFlowManagerTestGraphs() {
    }
}
