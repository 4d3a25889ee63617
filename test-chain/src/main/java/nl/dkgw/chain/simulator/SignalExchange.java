package nl.dkgw.chain.simulator;

/**
 * How the other party of a CPA answered a Ping or StatusRequest a simulator sent it (the foreign-peer simulator
 * sends them in its own style).
 *
 * @param passed    the answer came and the simulator took it (schema-valid, the right action and reference)
 * @param requestId the MessageId of the Ping or StatusRequest
 * @param detail    what happened, in a sentence (the schema error's text when the answer was refused)
 * @param request   the envelope posted
 * @param answer    the answer's SOAP envelope (or body), empty when none came
 */
public record SignalExchange(boolean passed, String requestId, String detail, String request, String answer) {}
