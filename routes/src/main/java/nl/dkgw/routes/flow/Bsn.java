package nl.dkgw.routes.flow;

/**
 * The Burgerservicenummer check: nine digits passing the 11-test (weights 9..2 and -1). A BSN is personal data:
 * this class never puts one in a message or a string it returns.
 */
public final class Bsn {

    private Bsn() {}

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int weight = i == 8 ? -1 : 9 - i;
            sum += weight * (c - '0');
        }
        return sum % 11 == 0 && !candidate.equals("000000000");
    }
}
