package io.mj4j.spi;

/** Optional provider abilities, declared in {@link ProviderDescriptor#features()}. */
public enum Feature {
    /** {@link MjProvider#fetchBatch} works. */
    BATCH_FETCH,
    /** {@link MjProvider#cancel} works. */
    CANCEL,
    /** The vendor can call back and {@link MjProvider#parseCallback} reads it. */
    CALLBACKS,
    /** {@link MjProvider#balance} works. */
    BALANCE,
    /** {@link MjProvider#lookup} can find a task by the client reference sent with its submit. */
    LOOKUP_BY_REFERENCE
}
