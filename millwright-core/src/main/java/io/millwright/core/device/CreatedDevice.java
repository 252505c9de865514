package io.millwright.core.device;

/** A device with its access token, as returned once on creation or rotation. */
public record CreatedDevice(Device device, String token) {}
