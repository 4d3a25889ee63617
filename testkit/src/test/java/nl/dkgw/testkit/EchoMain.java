package nl.dkgw.testkit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** Started by {@link ChildJvmTest} in a child JVM: reports what it was given, then blocks (or exits). */
public final class EchoMain {

    private EchoMain() {}

    public static void main(String[] args) {
        boolean stubborn = args.length == 1 && args[0].equals("stubborn");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SHUTDOWN HOOK RAN");
            if (stubborn) {
                blockForever(); // keeps the JVM from exiting on SIGTERM
            }
        }));
        System.out.println("ARGS " + String.join("|", args));
        System.out.println("PROP " + System.getProperty("dkgw.echo.prop"));
        System.out.println("ENV " + System.getenv("DKGW_ECHO_ENV") + " " + System.getenv("DKGW_ECHO_ENV2"));
        System.out.println("INHERITED PATH " + (System.getenv("PATH") != null));
        System.out.println("CWD " + Path.of("").toAbsolutePath());
        System.out.println("PID " + ProcessHandle.current().pid());
        System.out.println("JVMARGS " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.err.println("ON STDERR");
        if (args.length == 2 && args[0].equals("exit")) {
            System.exit(Integer.parseInt(args[1]));
        }
        System.out.println("READY");
        blockForever();
    }

    private static void blockForever() {
        try {
            Thread.currentThread().join(); // until the process is ended from outside
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
