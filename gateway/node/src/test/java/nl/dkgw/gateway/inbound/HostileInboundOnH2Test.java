package nl.dkgw.gateway.inbound;

import nl.dkgw.gateway.ChainDatabase;

/** The hostile-inbound suite against nodes on their embedded H2 databases. */
class HostileInboundOnH2Test extends HostileInboundSuite {
    @Override
    ChainDatabase database() {
        return ChainDatabase.H2;
    }
}
