package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import nl.dkgw.routes.config.FlowsConfig;
import org.junit.jupiter.api.Test;

/** The flows section reads from YAML the way gateway.yml is read (kebab-case keys, unknown keys refused). */
class FlowsConfigYamlTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void theDocumentedExampleReads() throws Exception {
        FlowsConfig config = YAML.readValue("""
                broker:
                  data-dir: data/artemis
                rest:
                  host: 127.0.0.1
                  port: 8088
                database:
                  url: jdbc:postgresql://127.0.0.1:5432/ggd
                  user: dkgw
                  password: secret
                definitions:
                  coronit-testresult:
                    send:
                      cpa-id: ggd-rivm-cims
                      service: "urn:osb:services:cims:1.0"
                      action: TestResult
                      sources:
                        jms-queue: coronit.testresults
                        rest: true
                        directory: drop/coronit
                        outbox-table: dkgw_outbox
                        outbox-poll-interval: PT0.5S
                  lopende-zaken:
                    properties:
                      sender-oin: "00000001002220647000"
                    send:
                      cpa-id: gemeente-mijnoverheid
                      service: "urn:osb:services:lopendezaken:1.0"
                      action: zakLk01
                      dead-letter: jms:queue:zaken.rejected
                      failure-queue: zaken.failed
                  cims-vaccination:
                    receive:
                      cpa-id: ggd-rivm-cims
                      service: "urn:osb:services:cims:1.0"
                      action: Vaccination
                      deliver-to:
                        table: cims_vaccination
                """, FlowsConfig.class);
        assertThat(config.broker().embedded()).isTrue();
        assertThat(config.rest().port()).isEqualTo(8088);
        FlowsConfig.Sources sources =
                config.definitions().get("coronit-testresult").send().sources();
        assertThat(sources.jmsQueue()).isEqualTo("coronit.testresults");
        assertThat(sources.rest()).isTrue();
        assertThat(sources.outboxPollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.definitions().get("lopende-zaken").properties())
                .containsEntry("sender-oin", "00000001002220647000");
        assertThat(config.definitions().get("lopende-zaken").send().sources().rest())
                .isFalse();
        assertThat(config.definitions().get("lopende-zaken").send().failureQueue())
                .isEqualTo("zaken.failed");
        assertThat(config.definitions().get("coronit-testresult").send().failureQueue())
                .isEqualTo("dkgw.flows.coronit-testresult.failed");
        assertThat(config.definitions()
                        .get("cims-vaccination")
                        .receive()
                        .deliverTo()
                        .table())
                .isEqualTo("cims_vaccination");
    }

    @Test
    void anExternalBrokerIsNamedByUrlWithItsCredentials() throws Exception {
        FlowsConfig config = YAML.readValue("""
                broker:
                  url: tcp://artemis.internal:61616
                  user: dkgw
                  password: broker-secret
                """, FlowsConfig.class);
        assertThat(config.broker().embedded()).isFalse();
        assertThat(config.broker().url()).isEqualTo("tcp://artemis.internal:61616");
        assertThat(config.broker().user()).isEqualTo("dkgw");
        assertThat(config.broker().password()).isEqualTo("broker-secret");
        assertThat(config.broker().toString()).doesNotContain("broker-secret");
    }

    @Test
    void aMistakeIsNamed() {
        assertThatThrownBy(() -> YAML.readValue("""
                definitions:
                  x:
                    receive: { cpa-id: a, service: b, action: c, deliver-to: { queue: q, table: t } }
                """, FlowsConfig.class))
                .hasMessageContaining("exactly one of queue, table, webhook");
        assertThatThrownBy(() -> YAML.readValue("""
                definitions:
                  x:
                    send: { cpa-id: a, service: b, action: c, sources: { outbox-table: "t; DROP TABLE x" } }
                """, FlowsConfig.class)).hasMessageContaining("plain SQL table name");
        assertThatThrownBy(() -> YAML.readValue("""
                definitions:
                  x:
                    send: { cpa-id: a, service: b }
                """, FlowsConfig.class))
                .hasMessageContaining("send.action is required");
        assertThatThrownBy(() -> YAML.readValue("""
                definitions:
                  x:
                    send: { cpa-id: a, service: b, action: c, failure-queue: "jms:queue:f" }
                """, FlowsConfig.class))
                .hasMessageContaining("send.failure-queue must be a JMS queue name");
    }
}
