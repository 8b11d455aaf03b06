package io.mj4j.core;

/** The mj4j version. */
public final class Version {
    /** The version of this build. */
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
