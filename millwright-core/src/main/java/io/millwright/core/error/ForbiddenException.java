package io.millwright.core.error;

/** The caller is authenticated but its role or grants do not allow the action. */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super(message);
    }
}
