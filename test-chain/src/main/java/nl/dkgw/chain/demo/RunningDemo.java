package nl.dkgw.chain.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.chain.simulator.ControlEndpoint;
import nl.dkgw.chain.simulator.SimulatedChain;
import nl.dkgw.chain.simulator.Simulator;
import nl.dkgw.gateway.Gateway;

/**
 * The demo's chain after its run, still running: the GGD gateway, the simulators and their control endpoint, with
 * the run's verdict, the reports' index page and (for a kept demo) the console login. Closing it stops every node;
 * closing twice is harmless, so a shutdown hook and the caller may both close it.
 */
public final class RunningDemo implements AutoCloseable {

    private final Path dir;
    private final Gateway ggd;
    private final SimulatedChain chain;
    private final ControlEndpoint control;
    private final DemoLogin login;
    private boolean passed;
    private Path reportIndex;
    private boolean closed;

    RunningDemo(Path dir, Gateway ggd, SimulatedChain chain, ControlEndpoint control, DemoLogin login) {
        this.dir = dir;
        this.ggd = ggd;
        this.chain = chain;
        this.control = control;
        this.login = login;
    }

    void finished(boolean passed, Path reportIndex) {
        this.passed = passed;
        this.reportIndex = reportIndex;
    }

    /** Whether every event was delivered, every link diagnosed healthy and every chain test passed. */
    public boolean passed() {
        return passed;
    }

    /** Where certificates, CPAs, node data and reports are. */
    public Path dir() {
        return dir;
    }

    /** The page linking every chain-test report of the run. */
    public Path reportIndex() {
        return reportIndex;
    }

    public Gateway ggd() {
        return ggd;
    }

    public SimulatedChain chain() {
        return chain;
    }

    ControlEndpoint control() {
        return control;
    }

    /** The login the nodes' consoles take, when the demo was started with one. */
    public Optional<DemoLogin> login() {
        return Optional.ofNullable(login);
    }

    /** The GGD gateway's console. */
    public URI console() {
        return URI.create("http://127.0.0.1:" + ggd.adminPort() + "/console/");
    }

    /** Each simulator's console, by simulator name. */
    public Map<String, URI> simulatorConsoles() {
        Map<String, URI> consoles = new LinkedHashMap<>();
        for (Simulator s : chain.simulators()) {
            consoles.put(s.name(), s.console());
        }
        return consoles;
    }

    /** Stops the control endpoint, the simulators and the GGD gateway. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            control.close();
        } finally {
            try {
                chain.close();
            } finally {
                ggd.close();
            }
        }
    }
}
