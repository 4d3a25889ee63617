package nl.dkgw.gateway.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.concurrent.Callable;
import nl.dkgw.gateway.admin.PasswordHash;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Administration of the admin API itself: for now, password hashes for admin.users. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Admin API users.",
        subcommands = {AdminCommand.HashPassword.class})
final class AdminCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(
            name = "hash-password",
            mixinStandardHelpOptions = true,
            description = "Read a password (console, asked twice, or the first line of stdin) and print its Argon2id "
                    + "hash for admin.users[].password-hash in gateway.yml.")
    static final class HashPassword implements Callable<Integer> {
        @Override
        public Integer call() {
            char[] password;
            Console console = System.console();
            if (console != null) {
                password = console.readPassword("New password: ");
                char[] again = console.readPassword("Again: ");
                if (password == null || again == null || !Arrays.equals(password, again)) {
                    System.err.println("dkgw admin hash-password: the passwords differ");
                    return 1;
                }
                Arrays.fill(again, '\0');
            } else {
                password = Passwords.fromConsoleOrStdin(null);
            }
            if (password.length < 12) {
                System.err.println("dkgw admin hash-password: use at least 12 characters");
                return 1;
            }
            System.out.println(PasswordHash.hash(password));
            Arrays.fill(password, '\0');
            return 0;
        }
    }
}
