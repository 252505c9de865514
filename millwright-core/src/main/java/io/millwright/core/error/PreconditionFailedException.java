package io.millwright.core.error;

/** An optimistic-concurrency precondition (a version the caller expected) does not hold. */
public final class PreconditionFailedException extends DomainException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
