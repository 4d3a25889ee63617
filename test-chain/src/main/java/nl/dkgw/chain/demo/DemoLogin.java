package nl.dkgw.chain.demo;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import nl.dkgw.gateway.admin.PasswordHash;
import nl.dkgw.gateway.config.GatewayConfig;

/**
 * The console login of a kept demo: one admin user with the {@code payloads} permission and a password generated
 * for this run. It lives only in the running nodes' configuration (hashed), so it is gone when the demo stops.
 */
public record DemoLogin(String user, String password) {

    public static final String USER = "demo";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh login with 120 random bits as the password. */
    public static DemoLogin generate() {
        byte[] bits = new byte[15];
        RANDOM.nextBytes(bits);
        return new DemoLogin(USER, Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /** The admin users every demo node gets: this login, hashed. */
    public List<GatewayConfig.User> users() {
        return List.of(new GatewayConfig.User(user, PasswordHash.hash(password.toCharArray()), "admin", true));
    }

    @Override
    public String toString() {
        return "DemoLogin[user=" + user + ", password=<hidden>]";
    }
}
