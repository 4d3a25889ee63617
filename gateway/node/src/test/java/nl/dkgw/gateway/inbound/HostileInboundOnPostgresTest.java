package nl.dkgw.gateway.inbound;

import nl.dkgw.gateway.ChainDatabase;

/** The hostile-inbound suite against nodes on real PostgreSQL databases. */
class HostileInboundOnPostgresTest extends HostileInboundSuite {
    @Override
    ChainDatabase database() {
        return ChainDatabase.POSTGRES;
    }
}
