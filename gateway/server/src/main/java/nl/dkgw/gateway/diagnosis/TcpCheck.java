package nl.dkgw.gateway.diagnosis;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** Layer 3: a plain TCP connection to the endpoint's port opens (on the first address that answers). */
final class TcpCheck implements LinkCheck {

    @Override
    public Layer layer() {
        return Layer.TCP;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        int port = facts.port();
        int timeout = (int) facts.request.connectTimeout().toMillis();
        List<String> tries = new ArrayList<>();
        boolean refused = false;
        boolean timedOut = false;
        for (InetAddress address : facts.addresses) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            try (Socket socket = new Socket()) {
                socket.connect(target, timeout);
                facts.reachable = target;
                return LayerResult.pass(layer(), "connected to " + address.getHostAddress() + " port " + port);
            } catch (ConnectException e) {
                refused = true;
                tries.add(address.getHostAddress() + ": connection refused");
            } catch (SocketTimeoutException e) {
                timedOut = true;
                tries.add(address.getHostAddress() + ": no answer within " + facts.request.connectTimeout());
            } catch (NoRouteToHostException e) {
                tries.add(address.getHostAddress() + ": no route to host");
            } catch (IOException e) {
                tries.add(address.getHostAddress() + ": " + e.getMessage());
            }
        }
        String where = facts.host() + " port " + port;
        if (timedOut) {
            return LayerResult.fail(
                            layer(),
                            "no answer from " + where + " (" + String.join("; ", tries) + ")",
                            "a firewall drops the connection: ask the partner to allow this gateway's outgoing IP address, "
                                    + "and check your own outbound firewall and proxy")
                    .withDetails(tries);
        }
        if (refused) {
            return LayerResult.fail(
                            layer(),
                            "nobody listens on " + where + " (" + String.join("; ", tries) + ")",
                            "check the port in the CPA endpoint; ask the partner whether their gateway is running")
                    .withDetails(tries);
        }
        return LayerResult.fail(
                        layer(),
                        "cannot reach " + where + " (" + String.join("; ", tries) + ")",
                        "check the network route to the partner (Diginetwerk or internet) with your network team")
                .withDetails(tries);
    }
}
