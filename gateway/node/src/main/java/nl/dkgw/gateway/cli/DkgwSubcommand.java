package nl.dkgw.gateway.cli;

/**
 * A subcommand another module adds to {@code dkgw} without the gateway depending on it: {@link Main} finds every
 * implementation named in {@code META-INF/services/nl.dkgw.gateway.cli.DkgwSubcommand} on the class path
 * (java.util.ServiceLoader) and adds its command. The test-chain module adds {@code simulate}, {@code chain-test}
 * and {@code demo} this way.
 */
public interface DkgwSubcommand {

    /** A picocli command object (a class annotated with {@code @Command}), a new instance per call. */
    Object command();
}
