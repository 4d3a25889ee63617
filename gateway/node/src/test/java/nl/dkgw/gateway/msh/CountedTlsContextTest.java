package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyManagementException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The client context reports one connection per engine it hands out and is otherwise the context it wraps. */
class CountedTlsContextTest {

    @Test
    void eachEngineIsOneConnectionToItsPeer() throws Exception {
        SSLContext plain = SSLContext.getInstance("TLS");
        plain.init(null, null, null);
        List<String> opened = new ArrayList<>();
        SSLContext counted = CountedTlsContext.of(plain, opened::add);

        SSLEngine engine = counted.createSSLEngine("peer.example", 8443);
        counted.createSSLEngine();

        assertThat(opened).containsExactly("peer.example:8443", "unknown");
        assertThat(engine.getPeerHost()).isEqualTo("peer.example");
        assertThat(counted.getProtocol()).isEqualTo(plain.getProtocol());
        assertThat(counted.getDefaultSSLParameters().getProtocols())
                .containsExactly(plain.getDefaultSSLParameters().getProtocols());
        assertThat(counted.getClientSessionContext()).isSameAs(plain.getClientSessionContext());
    }

    @Test
    void itCannotBeInitialisedAgain() throws Exception {
        SSLContext plain = SSLContext.getInstance("TLS");
        plain.init(null, null, null);
        SSLContext counted = CountedTlsContext.of(plain, peer -> {});

        assertThatThrownBy(() -> counted.init(null, null, null)).isInstanceOf(KeyManagementException.class);
    }
}
