package nl.dkgw.gateway.admin;

/** Who makes an admin request: the user's name, role and whether they may download payloads. */
public record AdminPrincipal(String name, Role role, boolean payloads) {

    /** Everyone, when the admin API runs without authentication ({@code admin.auth: none}). */
    public static final AdminPrincipal ANONYMOUS = new AdminPrincipal("anonymous", Role.ADMIN, true);
}
