package io.millwright.core.error;

/** The request conflicts with existing state, such as a duplicate unique name. */
public final class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
