package io.millwright.core.error;

/**
 * A request the domain refuses. Each subtype maps to one class of answer at the transport edge (HTTP status, MQTT
 * reason code), so transports never parse messages to decide what went wrong.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInputException,
                NotFoundException,
                ConflictException,
                UnauthenticatedException,
                ForbiddenException,
                PreconditionFailedException,
                LimitExceededException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
