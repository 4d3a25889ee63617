package nl.dkgw.cpa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.dkgw.cpa.CpaParseException;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.CpaProblem;
import nl.dkgw.cpa.CpaValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate [--compatibility-mode] FILE}: checks a CPA against the CPPA 2.0 schema and the Digikoppeling rules,
 * as a node would on import ({@code --compatibility-mode}: as a node with {@code security.compatibility-mode: true}).
 * Exit 0 when valid (warnings are printed), 1 when it has errors (all problems printed, one a line), 2 when the file
 * cannot be read or is not a CPA at all.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a CPA against the CPPA 2.0 schema and the Digikoppeling rules.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:valid (warnings are printed)",
            "1:the CPA has errors",
            "2:the file cannot be read or is not a CPA"
        })
public final class CpaValidateCommand implements Callable<Integer> {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int UNREADABLE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CPA document")
    Path file;

    @Option(
            names = "--compatibility-mode",
            description = "check as a node with security.compatibility-mode: true "
                    + "does: AES-CBC and RSA 1.5 key transport are warnings, not errors")
    boolean compatibilityMode;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String xml;
        try {
            xml = CpaParser.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            err.println(file + ": cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return UNREADABLE;
        } catch (CpaParseException e) {
            err.println(file + ": " + e.getMessage());
            return UNREADABLE;
        }
        List<CpaProblem> problems;
        try {
            problems = new CpaValidator(compatibilityMode).validate(xml);
        } catch (CpaParseException e) {
            err.println(file + ": " + e.getMessage());
            return UNREADABLE;
        }
        problems.forEach(p -> out.println(p));
        long errors = problems.stream().filter(CpaProblem::isError).count();
        long warnings = problems.size() - errors;
        if (errors > 0) {
            out.println(file + ": INVALID, " + errors + " error(s), " + warnings + " warning(s)");
            return INVALID;
        }
        out.println(file + ": valid" + (warnings > 0 ? ", " + warnings + " warning(s)" : ""));
        return VALID;
    }
}
