package io.millwright.core.auth;

/** A token just created: {@code secret} is shown to the caller once and never stored. */
public record IssuedToken(ApiToken token, String secret) {}
