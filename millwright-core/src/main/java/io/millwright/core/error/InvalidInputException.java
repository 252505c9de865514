package io.millwright.core.error;

/** A value from outside failed validation. {@link #field()} names the offending input, for a precise error answer. */
public final class InvalidInputException extends DomainException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
