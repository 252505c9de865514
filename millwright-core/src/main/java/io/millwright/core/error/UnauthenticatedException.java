package io.millwright.core.error;

/** Credentials are missing, malformed, unknown or expired. */
public final class UnauthenticatedException extends DomainException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}
