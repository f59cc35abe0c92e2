/**
 * Calls on the appliance (SPEC §2, §12, §27.2): the {@link io.parley.api.call.CallControl}
 * service the IVR, ACD and agent features drive calls with, the values describing a live
 * call and its legs, and the {@link io.parley.api.call.InboundCallHandler} SPI that takes
 * over an answered inbound call of a number.
 *
 * <pre>{@code
 * CallInfo call = callControl.call(callId).orElseThrow();
 * callControl.play(call.id(), call.legs().get(0).id(), PlayRequest.once(menu, true));
 * Dialing agent = callControl.dial(call.id(), Destination.phone(call.instanceId(), "8001"));
 * agent.outcome().thenAccept(leg -> { if (leg.isAnswered()) callControl.bridge(call.id(), "a", leg.id()); });
 * }</pre>
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.parley.api.call;
