package io.millwright.core.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing with the OWASP-recommended minimum cost (19 MiB, 2 iterations, 1 lane). The encoded hash
 * carries its own parameters, so raising the cost later still verifies old hashes.
 */
public final class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean verify(String password, String encodedHash) {
        try {
            return Password.check(password, encodedHash).with(Argon2Function.getInstanceFromHash(encodedHash));
        } catch (RuntimeException malformedHash) {
            return false;
        }
    }
}
