package io.millwright.core.telemetry;

/** The direction of a raw query: by (time, key) ascending or both descending. */
public enum Order {
    ASC,
    DESC
}
