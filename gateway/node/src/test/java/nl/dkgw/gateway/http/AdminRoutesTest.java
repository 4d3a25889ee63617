package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.gateway.admin.AccessRule;
import nl.dkgw.gateway.admin.AdminRoute;
import nl.dkgw.gateway.admin.AdminRoutes;
import nl.dkgw.gateway.config.ConfigurationDoc;
import org.junit.jupiter.api.Test;

/**
 * The admin port's one route table: every route has its rule and (when the API serves it) its handler, the rule the
 * door applies is the route's own, and the table and docs/admin-api.md list the same API.
 */
class AdminRoutesTest {

    private static final Pattern DOC_ROUTE = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) ([^` ?]+)[^`]*`");

    @Test
    void everyRouteTheApiServesHasAHandlerAndEveryHandlerARoute() {
        // the constructor checks the table against its handlers and refuses to build an incomplete API; building
        // it asks nothing of the node, so a node that answers nothing will do
        AdminNode silent = (AdminNode) Proxy.newProxyInstance(
                AdminNode.class.getClassLoader(), new Class<?>[] {AdminNode.class}, (proxy, method, args) -> null);
        AdminApi api = new AdminApi(silent);
        assertThat(api).isNotNull();
        assertThatThrownBy(() -> AdminApi.requireHandlerPerRoute(Map.of("GET /api/nothing", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POST /api/messages")
                .hasMessageContaining("GET /api/nothing");
    }

    @Test
    void theDoorAppliesEachRoutesOwnRule() {
        for (AdminRoute r : AdminRoutes.ALL) {
            String path = sample(r.template());
            assertThat(AdminRoutes.find(r.method(), path)).as(r.key()).hasValue(r);
            assertThat(AccessRule.of(r.method(), path)).as(r.key()).isEqualTo(r.rule());
            if (r.method().equals("GET")) {
                assertThat(AccessRule.of("HEAD", path))
                        .as("HEAD " + r.template())
                        .isEqualTo(r.rule());
            }
        }
    }

    @Test
    void aMessageIdWithSlashesIsOneParameterUpToTheLastLiteral() {
        AdminRoute payload = AdminRoutes.find("GET", "/api/messages/a/payloads/b@c/payloads/2")
                .orElseThrow();
        assertThat(payload.key()).isEqualTo("GET /api/messages/{id...}/payloads/{index}");
        assertThat(payload.match("/api/messages/a/payloads/b@c/payloads/2").orElseThrow())
                .containsEntry("id", "a/payloads/b@c")
                .containsEntry("index", "2");
        assertThat(AdminRoutes.find("POST", "/api/messages/x/y/resend")
                        .orElseThrow()
                        .rule()
                        .auditAction())
                .isEqualTo("resend");
        assertThat(AdminRoutes.find("GET", "/api/received/3/processed")).isEmpty();
        assertThat(AdminRoutes.methodsOf("/api/received/3/processed")).containsExactly("POST");
        assertThat(AdminRoutes.find("POST", "/api/messages/x\u2028y/resend")
                        .orElseThrow()
                        .rule()
                        .auditAction())
                .as("a line separator in an id does not turn the route into another")
                .isEqualTo("resend");
        assertThat(AdminRoutes.find("GET", "/console/assets/../index.html")
                        .orElseThrow()
                        .rule()
                        .open())
                .isFalse();
    }

    @Test
    void theTableAndTheDocumentedApiAreTheSame() throws Exception {
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(ConfigurationDoc.docsPage("admin-api.md"))) {
            Matcher m = DOC_ROUTE.matcher(line);
            if (m.find()) {
                documented.add(m.group(1) + " " + m.group(2));
                if (line.contains("(or `PUT`)")) {
                    documented.add("PUT " + m.group(2));
                }
            }
        }
        List<String> documentedKeys = new ArrayList<>();
        for (String d : documented) {
            String[] mp = d.split(" ", 2);
            Optional<AdminRoute> r = AdminRoutes.find(mp[0], sample(mp[1]));
            assertThat(r)
                    .as("docs/admin-api.md lists " + d + " but the route table has no such route")
                    .isPresent();
            assertThat(r.get().server()).as(d).isNotEqualTo(AdminRoute.Server.CONSOLE);
            documentedKeys.add(r.get().key());
        }
        for (AdminRoute r : AdminRoutes.ALL) {
            if (r.server() != AdminRoute.Server.CONSOLE) {
                assertThat(documentedKeys)
                        .as(r.key() + " is served but not in docs/admin-api.md")
                        .contains(r.key());
            }
        }
    }

    /** A path that fits the template: a segment for {name}, an id with '/' and '@' for {name...}. */
    private static String sample(String template) {
        return template.replaceAll("\\{[a-zA-Z]+\\.\\.\\.}", "a/b@c").replaceAll("\\{[a-zA-Z]+}", "7");
    }
}
