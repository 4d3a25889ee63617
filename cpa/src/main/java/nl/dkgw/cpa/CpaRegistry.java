package nl.dkgw.cpa;

import java.util.Optional;

/** Where the MSH looks CPAs up. Implementations reflect imports, replacements and deletions without restart. */
public interface CpaRegistry {
    Optional<Cpa> find(String cpaId);
}
