package nl.dkgw.gateway.admin;

import static nl.dkgw.gateway.admin.AdminHttp.ADMIN_PW;
import static nl.dkgw.gateway.admin.AdminHttp.OPERATOR_PW;
import static nl.dkgw.gateway.admin.AdminHttp.VIEWER_PW;
import static nl.dkgw.gateway.admin.AdminHttp.basic;
import static nl.dkgw.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API the console reads and acts through, against two real nodes over loopback HTTP: search, a message's
 * life, payload download with its permission, resend of a failed message, CPAs with expiry, and the overview.
 */
@Slow
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiTest {

    @TempDir
    static Path dir;

    private static LocalChain chain;
    private static AdminHttp node;
    private static String rm;
    private static String be;
    private static final List<String> sent = new ArrayList<>();
    private static final String[] VIEWER = basic("viewer", VIEWER_PW);
    private static final String[] OPERATOR = basic("operator", OPERATOR_PW);
    private static final String[] ADMIN = basic("admin", ADMIN_PW);

    @BeforeAll
    static void startChain() throws Exception {
        List<GatewayConfig.User> users = AdminHttp.users();
        chain = LocalChain.start(
                dir.resolve("chain"),
                Map.of(),
                Duration.ofMillis(300),
                List.of(Profile.OSB_RM, Profile.OSB_BE),
                SyncReplyMode.NONE,
                c -> c.withAdmin(c.admin().withUsers(users)));
        node = new AdminHttp(chain.consumer().adminPort());
        rm = chain.cpaId(Profile.OSB_RM);
        be = chain.cpaId(Profile.OSB_BE);
        sent.add(submit(rm, "conv-a", "<first/>"));
        sent.add(submit(rm, "conv-a", "<second/>"));
        sent.add(submit(be, "conv-b", "<third/>"));
        for (String id : sent) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> List.of("ACKNOWLEDGED", "DELIVERED")
                            .contains(json(node.call("GET", messagePath(id), null, VIEWER))
                                    .path("message")
                                    .path("status")
                                    .asText()));
        }
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    private static String submit(String cpaId, String conversation, String xml) throws Exception {
        Profile profile = cpaId.equals(rm) ? Profile.OSB_RM : Profile.OSB_BE;
        String body = AdminHttp.JSON
                .createObjectNode()
                .put("cpaId", cpaId)
                .put("service", LocalChain.serviceName(profile))
                .put("action", LocalChain.TO_PROVIDER)
                .put("conversationId", conversation)
                .set(
                        "payloads",
                        AdminHttp.JSON
                                .createArrayNode()
                                .add(AdminHttp.JSON
                                        .createObjectNode()
                                        .put("contentType", "application/xml")
                                        .put("text", xml)))
                .toString();
        HttpResponse<String> r = node.call("POST", "/api/messages", body, OPERATOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).get("messageId").asText();
    }

    private static String messagePath(String messageId) {
        return "/api/messages/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("messages").forEach(m -> ids.add(m.get("messageId").asText()));
        return ids;
    }

    private static JsonNode search(String query) throws Exception {
        HttpResponse<String> r = node.call("GET", "/api/messages?" + query, null, VIEWER);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    @Order(1)
    void searchFiltersAndPagesNewestFirst() throws Exception {
        assertThat(ids(search(""))).containsExactly(sent.get(2), sent.get(1), sent.get(0));
        assertThat(ids(search("cpaId=" + URLEncoder.encode(rm, StandardCharsets.UTF_8))))
                .containsExactly(sent.get(1), sent.get(0));
        assertThat(ids(search("conversationId=conv-b"))).containsExactly(sent.get(2));
        assertThat(ids(search("messageId=" + URLEncoder.encode(sent.get(0), StandardCharsets.UTF_8))))
                .containsExactly(sent.get(0));
        assertThat(ids(search("party=" + LocalChain.PROVIDER.oin()))).hasSize(3);
        assertThat(ids(search("party=99999999999999999999"))).isEmpty();
        assertThat(ids(search("direction=IN"))).isEmpty();
        assertThat(ids(search("status=DELIVERED"))).containsExactly(sent.get(2));
        assertThat(ids(search("action=" + LocalChain.TO_PROVIDER + "&service="
                        + URLEncoder.encode(LocalChain.serviceName(Profile.OSB_BE), StandardCharsets.UTF_8))))
                .containsExactly(sent.get(2));
        Instant future = Instant.now().plus(1, ChronoUnit.HOURS);
        assertThat(ids(search("from=" + future))).isEmpty();
        assertThat(ids(search("to=" + future))).hasSize(3);

        JsonNode first = search("limit=2");
        assertThat(ids(first)).containsExactly(sent.get(2), sent.get(1));
        String cursor = first.get("next").asText();
        JsonNode second = search("limit=2&before=" + cursor);
        assertThat(ids(second)).containsExactly(sent.get(0));
        assertThat(second.get("next").isNull()).isTrue();
        JsonNode row = first.get("messages").get(0);
        assertThat(row.get("cpaId").asText()).isEqualTo(be);
        assertThat(row.get("conversationId").asText()).isEqualTo("conv-b");
        assertThat(row.get("direction").asText()).isEqualTo("OUT");
        assertThat(row.get("toParty").asText()).endsWith(LocalChain.PROVIDER.oin());
        assertThat(row.get("createdAt").asText()).isNotEqualTo("null");

        HttpResponse<String> bad = node.call("GET", "/api/messages?status=LOST", null, VIEWER);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(node.call("GET", "/api/messages?from=yesterday", null, VIEWER)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    @Order(2)
    void aMessagesLifeShowsAttemptsAcknowledgmentAndPayloadsWithoutContent() throws Exception {
        JsonNode life = json(node.call("GET", messagePath(sent.get(0)), null, VIEWER));
        assertThat(life.get("message").get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(life.get("attempts")).isNotEmpty();
        assertThat(life.get("attempts").get(0).get("httpStatus").asInt()).isBetween(200, 299);
        assertThat(life.get("hasReceipt").asBoolean()).isTrue();
        assertThat(life.get("receipt").get("link").asText()).endsWith("/receipt");
        assertThat(life.get("receipt").get("signed").asBoolean()).isFalse();
        assertThat(life.get("messageError").isNull()).isTrue();
        JsonNode payload = life.get("payloads").get(0);
        assertThat(payload.get("contentType").asText()).isEqualTo("application/xml");
        assertThat(payload.get("size").asLong()).isEqualTo("<first/>".length());
        assertThat(payload.has("base64")).isFalse();
        assertThat(life.toString()).doesNotContain("<first/>");
        assertThat(life.get("resendable").asBoolean()).isFalse();
    }

    @Test
    @Order(3)
    void payloadsDownloadOnlyWithThePayloadsPermissionAndTheDownloadIsAudited() throws Exception {
        String path = messagePath(sent.get(1)) + "/payloads/0";
        assertThat(node.bytes(path, VIEWER).statusCode()).isEqualTo(403);
        assertThat(node.bytes(path, OPERATOR).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> download = node.bytes(path, ADMIN);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("<second/>");
        assertThat(download.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/xml"));
        assertThat(node.bytes(messagePath(sent.get(1)) + "/payloads/7", ADMIN).statusCode())
                .isEqualTo(404);
        JsonNode events = json(node.call("GET", "/api/audit", null, ADMIN)).get("events");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("payload-download");
            assertThat(e.get("user").asText()).isEqualTo("admin");
            assertThat(e.get("target").asText()).isEqualTo(sent.get(1));
            assertThat(e.get("outcome").asText()).isEqualTo("success");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("payload-download");
            assertThat(e.get("user").asText()).isEqualTo("viewer");
            assertThat(e.get("outcome").asText()).isEqualTo("denied");
        });
        assertThat(events.toString()).doesNotContain("<second/>");
    }

    @Test
    @Order(4)
    void aFailedMessageIsResentAndDeliveredOnceThePeerIsBack() throws Exception {
        chain.stop(LocalChain.PROVIDER.name());
        String failed = submit(be, "conv-c", "<resent/>");
        String path = messagePath(failed);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(node.call("GET", path, null, VIEWER))
                        .path("message")
                        .path("status")
                        .asText()
                        .equals("FAILED"));
        assertThat(json(node.call("GET", path, null, VIEWER)).get("resendable").asBoolean())
                .isTrue();
        assertThat(node.call("POST", path + "/resend", null, VIEWER).statusCode())
                .isEqualTo(403);

        chain.restart(LocalChain.PROVIDER.name());
        HttpResponse<String> resent = node.call("POST", path + "/resend", null, OPERATOR);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(node.call("GET", path, null, VIEWER))
                        .path("message")
                        .path("status")
                        .asText()
                        .equals("DELIVERED"));
        JsonNode life = json(node.call("GET", path, null, VIEWER));
        assertThat(life.get("attempts").size()).isGreaterThanOrEqualTo(2);
        assertThat(life.get("attempts")
                        .get(life.get("attempts").size() - 1)
                        .get("outcome")
                        .asText())
                .isEqualTo("ACCEPTED");
        List<StoredMessage> received = chain.provider().received(be, null, 100);
        assertThat(received).extracting(StoredMessage::messageId).containsOnlyOnce(failed);

        HttpResponse<String> again = node.call("POST", path + "/resend", null, OPERATOR);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(node.call("POST", "/api/messages/no-such-id/resend", null, OPERATOR)
                        .statusCode())
                .isEqualTo(404);
        JsonNode events = json(node.call("GET", "/api/audit", null, ADMIN)).get("events");
        assertThat(events)
                .anySatisfy(e -> assertThat(e.get("action").asText() + " "
                                + e.get("user").asText() + " " + e.get("target").asText() + " "
                                + e.get("outcome").asText())
                        .isEqualTo("resend operator " + failed + " success"));
    }

    @Test
    @Order(5)
    void cpasShowExpiryOfTheAgreementItsCertificatesAndTheirCrls() throws Exception {
        JsonNode cpas = json(node.call("GET", "/api/cpas", null, VIEWER));
        JsonNode cpa = null;
        for (JsonNode c : cpas) {
            if (c.get("cpaId").asText().equals(rm)) {
                cpa = c;
            }
        }
        assertThat(cpa).isNotNull();
        assertThat(cpa.get("daysToExpiry").asLong()).isPositive();
        assertThat(cpa.get("parties")).hasSize(2);
        JsonNode cert = cpa.get("parties").get(0).get("certificates").get(0);
        assertThat(cert.get("usage").asText()).isEqualTo("tls-client");
        assertThat(Instant.parse(cert.get("notAfter").asText())).isAfter(Instant.now());
        assertThat(cert.get("daysLeft").asLong()).isPositive();
        assertThat(cert.get("crl").get("stale").asBoolean()).isFalse();
        assertThat(Instant.parse(cert.get("crl").get("nextUpdate").asText())).isAfter(Instant.now());
    }

    @Test
    @Order(6)
    void theOverviewShowsTrafficPerLinkFailuresAndWhatExpiresSoon() throws Exception {
        chain.stop(LocalChain.PROVIDER.name());
        String failed = submit(be, "conv-d", "<lost/>");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(node.call("GET", messagePath(failed), null, VIEWER))
                        .path("message")
                        .path("status")
                        .asText()
                        .equals("FAILED"));
        // a CPA that ends in ten days, uploaded by the admin
        String xml = chain.cpas().get(0);
        Matcher end = Pattern.compile("End>([^<]+)<").matcher(xml);
        assertThat(end.find()).isTrue();
        String soon = Instant.now()
                .plus(10, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String shortCpa = xml.replace(end.group(1), soon).replace(rm, "short-lived-cpa");
        HttpResponse<String> uploaded = node.call("POST", "/api/cpas", shortCpa, ADMIN);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);

        JsonNode overview = json(node.call("GET", "/api/overview?hours=24", null, VIEWER));
        assertThat(overview.get("traffic")).anySatisfy(t -> {
            assertThat(t.get("cpaId").asText()).isEqualTo(rm);
            assertThat(t.get("status").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(t.get("count").asLong()).isEqualTo(2);
            assertThat(Instant.parse(t.get("hour").asText()))
                    .isEqualTo(Instant.parse(t.get("hour").asText()).truncatedTo(ChronoUnit.HOURS));
        });
        assertThat(overview.get("links")).anySatisfy(l -> {
            assertThat(l.get("cpaId").asText()).isEqualTo(be);
            assertThat(l.get("total").asLong()).isEqualTo(3);
            assertThat(l.get("FAILED").asLong()).isEqualTo(1);
            assertThat(l.get("DELIVERED").asLong()).isEqualTo(2);
        });
        assertThat(overview.get("failed")).hasSize(1);
        assertThat(overview.get("failed").get(0).get("messageId").asText()).isEqualTo(failed);
        JsonNode expiring = overview.get("expiring");
        assertThat(expiring).hasSize(1);
        assertThat(expiring.get(0).get("kind").asText()).isEqualTo("cpa");
        assertThat(expiring.get(0).get("cpaId").asText()).isEqualTo("short-lived-cpa");
        assertThat(expiring.get(0).get("daysLeft").asLong()).isBetween(9L, 10L);

        HttpResponse<String> invalid = node.call(
                "POST",
                "/api/cpas",
                xml.replace(end.group(1), "2001-01-01T00:00:00Z").replace(rm, "ended-cpa"),
                ADMIN);
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);
        assertThat(json(invalid).get("problems")).anySatisfy(p -> {
            assertThat(p.get("severity").asText()).isEqualTo("ERROR");
            assertThat(p.get("message").asText()).isNotBlank();
        });
        HttpResponse<String> unreadable = node.call("POST", "/api/cpas", "<not-a-cpa/>", ADMIN);
        assertThat(unreadable.statusCode()).isEqualTo(422);
        assertThat(json(unreadable).get("problems").get(0).get("message").asText())
                .contains("cannot be read");
        assertThat(node.call("GET", "/api/overview?hours=0", null, VIEWER).statusCode())
                .isEqualTo(400);

        assertThat(node.call("DELETE", "/api/cpas/short-lived-cpa", null, OPERATOR)
                        .statusCode())
                .isEqualTo(403);
        assertThat(node.call("DELETE", "/api/cpas/short-lived-cpa", null, ADMIN).statusCode())
                .isEqualTo(200);
        List<String> audited = new ArrayList<>();
        json(node.call("GET", "/api/audit?limit=500", null, ADMIN))
                .get("events")
                .forEach(e -> audited.add(e.get("action").asText() + " "
                        + e.get("user").asText() + " " + e.get("target").asText() + " "
                        + e.get("outcome").asText()));
        assertThat(audited)
                .contains(
                        "submit operator " + failed + " success",
                        "cpa-upload admin short-lived-cpa success",
                        "cpa-upload admin null failure (HTTP 422)",
                        "cpa-delete operator short-lived-cpa denied",
                        "cpa-delete admin short-lived-cpa success");
    }

    @Test
    @Order(7)
    void aResentMessageThePeerAlreadyHadIsEliminatedThereAndAcknowledgedAgain() throws Exception {
        chain.restart(LocalChain.PROVIDER.name());
        String id = submit(rm, "conv-e", "<twice/>");
        String path = messagePath(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(node.call("GET", path, null, VIEWER))
                        .path("message")
                        .path("status")
                        .asText()
                        .equals("ACKNOWLEDGED"));
        // as if the acknowledgment had been lost and the retries had run out
        StoredMessage sentRow = NodeInternals.store(chain.consumer())
                .messages()
                .findByMessageId(id)
                .orElseThrow();
        NodeInternals.store(chain.consumer())
                .messages()
                .setStatus(sentRow.pk(), MessageStatus.FAILED, "no Acknowledgment after 6 attempt(s)");

        assertThat(node.call("POST", path + "/resend", null, OPERATOR).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(node.call("GET", path, null, VIEWER))
                        .path("message")
                        .path("status")
                        .asText()
                        .equals("ACKNOWLEDGED"));
        assertThat(chain.provider().received(rm, null, 100))
                .extracting(StoredMessage::messageId)
                .containsOnlyOnce(id);
    }
}
