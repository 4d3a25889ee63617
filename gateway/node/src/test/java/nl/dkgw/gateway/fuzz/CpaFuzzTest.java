package nl.dkgw.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import nl.dkgw.cpa.CpaParseException;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.testkit.Slow;

/**
 * CPA parsing: a CPA is imported by an operator, but it comes from a peer or a registry, so the parser must refuse
 * anything that is not a CPA with a {@link CpaParseException}, never with another exception. Seeds:
 * {@code CpaFuzzTestInputs/parse/} (a generated two-party osb-rm CPA and broken variants).
 */
@Slow
class CpaFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] document) {
        try {
            new CpaParser().parse(CpaParser.decode(document));
        } catch (CpaParseException expected) {
            // refused with a reason
        }
    }
}
