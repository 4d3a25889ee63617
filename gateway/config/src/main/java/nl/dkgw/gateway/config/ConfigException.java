package nl.dkgw.gateway.config;

/** The configuration cannot be used; the message names the file and the key. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
