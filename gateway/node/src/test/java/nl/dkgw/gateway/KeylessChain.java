package nl.dkgw.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;

/**
 * Two nodes whose configuration names no signing key, with an osb-rm and an osb-rm-s CPA: the unsigned CPA works,
 * the signed one cannot be sent on. For tests of how a node that is misconfigured for a CPA answers a submission.
 */
public final class KeylessChain {

    private KeylessChain() {}

    public static LocalChain start(Path dir) throws Exception {
        return LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(1),
                List.of(Profile.OSB_RM, Profile.OSB_RM_S),
                SyncReplyMode.NONE,
                c -> c.withSecurity(
                        new GatewayConfig.Security(null, c.security().encryptionKey(), false)));
    }
}
