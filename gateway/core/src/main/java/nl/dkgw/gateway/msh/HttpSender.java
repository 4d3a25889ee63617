package nl.dkgw.gateway.msh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import nl.dkgw.gateway.mime.PackedMessage;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts packed ebMS messages over mutual TLS (HTTP/1.1, SOAPAction "ebXML") and types the outcome.
 *
 * <p>The post runs on the caller's thread with blocking I/O (Apache HttpClient's classic API): a delivery worker
 * writes the request and reads the answer itself, where {@code java.net.http} handed each exchange between the
 * caller, its selector thread and its executor (issue 15: a fifth of a node's CPU). Connections to a peer are kept
 * alive in a pool and checked before reuse once they rested {@value #CHECK_AFTER_REST_MILLIS} ms. Every TLS
 * connection is made with this sender's {@link SSLParameters} and the peer's host name verified ({@code HTTPS}
 * endpoint identification, as {@code java.net.http} does). One failure is posted again here: a post on a kept
 * connection that the peer closed before answering (the check before reuse cannot see a close that comes after
 * it) goes once more on a new connection. Every other failed post is the scheduler's to retry.
 */
public final class HttpSender implements PeerTransport, AutoCloseable {

    /** Connections kept to one peer at most; the delivery workers bound how many are in use at once. */
    private static final int MOST_CONNECTIONS_PER_PEER = 256;

    private static final int MOST_CONNECTIONS = 1024;
    /**
     * A kept connection that rested this long is checked before it carries a post (a read of at most 1 ms): a peer
     * that restarted closed it, and with no thread of its own watching the pool, only this check finds out before a
     * post is made on it (a close after the check is found by the post, which goes once more). Under load it runs
     * before many posts (at 200 signed messages per second on 24 connections each rests about 120 ms), and cost
     * nothing measurable there: against a check after 2 s, side by side, the rate was 0.97 (0.96-1.04) at the same
     * CPU per message.
     */
    private static final long CHECK_AFTER_REST_MILLIS = 100;

    private final CloseableHttpClient client;
    private final Duration requestTimeout;
    /** How long a whole post may take, connecting included: the delivery lease is longer (see GatewayConfig). */
    private final Duration deadline;
    /** Cuts a post off at its deadline, whatever it waits for (a peer that stops reading the body included). */
    private final ScheduledThreadPoolExecutor deadlines;

    /**
     * Posts through {@code sslContext} with {@code sslParameters} (protocols, cipher suites), giving up on a
     * connection after {@code connectTimeout} and on an answer after {@code requestTimeout}.
     */
    public HttpSender(
            SSLContext sslContext, SSLParameters sslParameters, Duration connectTimeout, Duration requestTimeout) {
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout answer = Timeout.ofMilliseconds(requestTimeout.toMillis());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(new PeerTls(sslContext, sslParameters))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(answer)
                                .setValidateAfterInactivity(TimeValue.ofMilliseconds(CHECK_AFTER_REST_MILLIS))
                                .build())
                        .setMaxConnPerRoute(MOST_CONNECTIONS_PER_PEER)
                        .setMaxConnTotal(MOST_CONNECTIONS)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(answer)
                        .setResponseTimeout(answer)
                        .setRedirectsEnabled(false)
                        .setExpectContinueEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                // otherwise a connection that presented the client certificate is tied to that principal, and a
                // post made without one (all of them) never gets it from the pool again
                .disableConnectionState()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("dkgw")
                .build();
        this.requestTimeout = requestTimeout;
        this.deadline = connectTimeout.plus(requestTimeout);
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dkgw-post-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @Override
    public SendOutcome post(URI endpoint, PackedMessage message) {
        AtomicBoolean overdue = new AtomicBoolean();
        AtomicReference<HttpPost> current = new AtomicReference<>();
        ScheduledFuture<?> cutOff = deadlines.schedule(
                () -> {
                    overdue.set(true);
                    HttpPost underWay = current.get();
                    if (underWay != null) {
                        underWay.cancel();
                    }
                },
                deadline.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            HttpClientContext first = HttpClientContext.create();
            try {
                return exchange(endpoint, message, current, overdue, first);
            } catch (IOException e) {
                if (overdue.get() || !closedWhileKept(e, first)) {
                    throw e;
                }
                // the peer closed the kept connection before it read this post (it restarted, or dropped a rested
                // connection): once more on a new connection, or the attempt is lost to a race the peer never saw
                return exchange(endpoint, message, current, overdue, HttpClientContext.create());
            }
        } catch (IOException e) {
            if (overdue.get()) {
                return new SendOutcome.Retryable(null, "no answer from " + endpoint + " within " + requestTimeout);
            }
            return failed(endpoint, e);
        } finally {
            cutOff.cancel(false);
        }
    }

    private SendOutcome exchange(
            URI endpoint,
            PackedMessage message,
            AtomicReference<HttpPost> current,
            AtomicBoolean overdue,
            HttpClientContext context)
            throws IOException {
        HttpPost request = new HttpPost(endpoint);
        // the multipart type with its parameters exactly as packed, not re-serialised by the client
        request.setHeader("Content-Type", message.contentType());
        request.setHeader("SOAPAction", "\"ebXML\"");
        current.set(request);
        if (overdue.get()) {
            throw new InterruptedIOException("the post's deadline passed");
        }
        try (Body body = new Body(message)) {
            request.setEntity(body);
            return client.execute(request, context, response -> outcome(endpoint, response));
        }
    }

    /**
     * Whether {@code e} says the peer closed a connection that had already carried an earlier exchange, before it
     * answered this post: no answer's head came, and the connection was not new. A new connection closed that way is
     * a peer refusing the post, and one that began to answer may have taken the message: neither is posted again.
     */
    private static boolean closedWhileKept(IOException e, HttpClientContext context) {
        EndpointDetails connection = context.getEndpointDetails();
        if (connection == null || connection.getResponseCount() < 1 || context.getResponse() != null) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof ConnectException) {
                return false;
            }
            if (t instanceof NoHttpResponseException || t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    private SendOutcome failed(URI endpoint, IOException e) {
        String reason;
        if (e instanceof ConnectTimeoutException || e instanceof ConnectException) {
            reason = "cannot connect to " + endpoint + ": " + describe(e);
        } else if (e instanceof SocketTimeoutException) {
            reason = "no answer from " + endpoint + " within " + requestTimeout;
        } else if (e instanceof SSLHandshakeException) {
            reason = "TLS handshake with " + endpoint + " failed: " + describe(e);
        } else if (e instanceof NoHttpResponseException) {
            reason = endpoint + " closed the connection without answering";
        } else if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            reason = "interrupted while posting to " + endpoint;
        } else {
            reason = "posting to " + endpoint + " failed: " + describe(e);
        }
        return new SendOutcome.Retryable(null, reason);
    }

    private static SendOutcome outcome(URI endpoint, ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        Header type = response.getFirstHeader("Content-Type");
        String contentType = type == null ? null : type.getValue();
        HttpEntity entity = response.getEntity();
        byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
        if (status >= 200 && status < 300) {
            return new SendOutcome.Accepted(status, contentType, body);
        }
        if (status >= 500) {
            return new SendOutcome.Retryable(status, "HTTP " + status + " from " + endpoint);
        }
        return new SendOutcome.Refused(status, contentType, body, "HTTP " + status + " from " + endpoint);
    }

    /**
     * Closes every connection, also one a post is still using (that post then fails as a retryable attempt, as an
     * interrupted one did): the node closes its sender only after the delivery has stopped.
     */
    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }

    /**
     * The request body streamed from the message's parts, with its Content-Length when every part's size is known
     * (chunked otherwise). The stream it opens is closed with the body, also when the post failed half way.
     */
    private static final class Body extends AbstractHttpEntity implements AutoCloseable {
        private final PackedMessage message;
        private InputStream opened;

        Body(PackedMessage message) {
            super((String) null, null, message.length() < 0);
            this.message = message;
        }

        @Override
        public long getContentLength() {
            return message.length();
        }

        @Override
        public InputStream getContent() throws IOException {
            closeOpened();
            opened = message.open();
            return opened;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public void close() {
            closeOpened();
        }

        private void closeOpened() {
            if (opened != null) {
                try {
                    opened.close();
                } catch (IOException e) {
                    // nothing was written through it that could be lost; the outcome is decided elsewhere
                }
                opened = null;
            }
        }
    }

    /**
     * Makes the TLS connection over the connected socket: SNI and the host name to verify from the endpoint, this
     * sender's parameters, and the handshake done before the request is written, so a refused certificate is an
     * {@link SSLHandshakeException} of its own.
     */
    private record PeerTls(SSLContext context, SSLParameters parameters) implements TlsSocketStrategy {

        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
                throws IOException {
            SSLSocket tls = (SSLSocket) this.context.getSocketFactory().createSocket(socket, target, port, true);
            tls.setSSLParameters(parameters); // keeps the server name (SNI) the factory set: this one names none
            SSLParameters verifying = tls.getSSLParameters();
            verifying.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(verifying);
            tls.startHandshake();
            return tls;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null && sb.indexOf(t.getMessage()) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(t.getMessage());
            }
        }
        return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
    }
}
