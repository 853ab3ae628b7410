package io.argus.config;

/** How likely a user is to set a setting, as Kafka Connect ranks its options: the docs list it with the setting. */
public enum Importance { HIGH, MEDIUM, LOW }
