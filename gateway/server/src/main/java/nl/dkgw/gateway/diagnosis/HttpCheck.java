package nl.dkgw.gateway.diagnosis;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Layer 9: over this gateway's own (validating) TLS connection, an empty POST to the endpoint path gets an HTTP
 * answer. Any status proves the HTTP layer, except those that say the path or the service is wrong: 404 (wrong
 * path), 405 (path does not take POST), 3xx (redirect, which Digikoppeling does not follow), 401/403/407 (access
 * refused), 502/503/504 (the service behind the endpoint is down).
 */
final class HttpCheck implements LinkCheck {

    private final HttpClient client;
    private final Duration answerTimeout;

    HttpCheck(HttpClient client, Duration answerTimeout) {
        this.client = client;
        this.answerTimeout = answerTimeout;
    }

    @Override
    public Layer layer() {
        return Layer.HTTP;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        HttpRequest request = HttpRequest.newBuilder(facts.endpoint)
                .timeout(answerTimeout)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"ebXML\"")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return LayerResult.fail(
                    layer(),
                    "no HTTP answer from " + facts.endpoint + " within " + answerTimeout,
                    "the partner's server accepts connections but does not answer; ask the partner to check the "
                            + "service behind the endpoint");
        } catch (SSLException e) {
            return LayerResult.fail(
                    layer(),
                    "this gateway's own TLS connection to " + facts.endpoint + " failed: " + TlsInspector.describe(e),
                    "the layers below passed, so compare the TLS settings of the node "
                            + "(tls.*) with those the diagnosis used; send this report to the gateway's maintainers");
        } catch (ConnectException e) {
            return LayerResult.fail(
                    layer(),
                    "the connection for the HTTP request failed: " + TlsInspector.describe(e),
                    "try again; if it keeps failing the endpoint is unstable: tell the partner");
        } catch (IOException e) {
            return LayerResult.fail(
                    layer(),
                    "the HTTP request to " + facts.endpoint + " failed: " + TlsInspector.describe(e),
                    "try again; if it keeps failing, send the partner this report");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LayerResult.fail(layer(), "interrupted while waiting for the HTTP answer", "run it again");
        }
        return judge(
                facts,
                response.statusCode(),
                response.headers().firstValue("Location").orElse(null));
    }

    private LayerResult judge(LinkFacts facts, int status, String location) {
        String path = facts.endpoint.getRawPath();
        String answered = "the endpoint answered HTTP " + status;
        if (status == 404) {
            return LayerResult.fail(
                    layer(),
                    answered + " (not found): there is no ebMS service at path " + path,
                    "ask the partner for the exact endpoint URL and correct the CPA endpoint (or url mapping)");
        }
        if (status == 405) {
            return LayerResult.fail(
                    layer(),
                    answered + " (method not allowed): path " + path + " does not take "
                            + "POST, so it is not an ebMS endpoint",
                    "ask the partner for the exact ebMS endpoint URL");
        }
        if (status == 503) {
            return LayerResult.fail(
                    layer(),
                    answered + " (service unavailable): the partner's ebMS service is " + "down or in maintenance",
                    "wait and try again (the gateway keeps retrying reliable messages "
                            + "after a 503); if it lasts, tell the partner");
        }
        if (status == 502 || status == 504) {
            return LayerResult.fail(
                    layer(),
                    answered + ": a proxy or load balancer at the partner cannot reach " + "their gateway",
                    "tell the partner their gateway behind the proxy does not answer");
        }
        if (status == 401 || status == 407) {
            return LayerResult.fail(
                    layer(),
                    answered + ": the endpoint asks for HTTP authentication",
                    "Digikoppeling authenticates by TLS client certificate only; ask the partner to drop the "
                            + "HTTP authentication on this endpoint");
        }
        if (status == 403) {
            return LayerResult.fail(
                    layer(),
                    answered + " (forbidden): the partner does not allow this gateway",
                    "ask the partner to authorise OIN " + facts.self.oinWithoutEnvironmentSuffix()
                            + " for this endpoint");
        }
        if (status >= 300 && status < 400) {
            return LayerResult.fail(
                    layer(),
                    answered + " (redirect" + (location == null ? "" : " to " + location)
                            + "); ebMS posts do not follow redirects",
                    "put the final URL in the CPA endpoint");
        }
        return LayerResult.pass(
                layer(),
                answered + " to an empty POST, as expected for a message that is not " + "ebMS: the HTTP layer works");
    }
}
