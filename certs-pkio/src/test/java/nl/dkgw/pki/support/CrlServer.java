package nl.dkgw.pki.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves a CRL directory over HTTP on 127.0.0.1 (free port) and counts requests per file. */
public final class CrlServer implements AutoCloseable {
    private final HttpServer server;
    private volatile Path directory;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    public CrlServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/crl/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/crl/".length());
            requests.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            Path file = directory == null ? null : directory.resolve(name).normalize();
            if (file == null || !file.startsWith(directory) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crl";
    }

    public void serve(Path crlDirectory) {
        this.directory = crlDirectory;
    }

    public int requests(String name) {
        AtomicInteger count = requests.get(name);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
