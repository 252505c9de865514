package io.millwright.core.error;

/** The addressed entity does not exist (or is not visible to the caller's tenant). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super(message);
    }
}
