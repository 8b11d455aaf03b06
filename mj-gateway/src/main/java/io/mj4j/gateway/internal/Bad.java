package io.mj4j.gateway.internal;

/**
 * A request the gateway answers with one of the protocol's own result codes (mjproxy.md §4) instead of doing it:
 * thrown while a request is read or checked, before anything is sent upstream, and by the submit when the vendor
 * refused. {@link #httpStatus()} is 200 as real servers answer business errors (§10).
 */
public final class Bad extends RuntimeException {
    private final int code;
    private final int httpStatus;
    private final java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();

    public Bad(int code, String description) {
        this(code, description, 200);
    }

    public Bad(int code, String description, int httpStatus) {
        super(description, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** Code 4: bad parameters. */
    public static Bad validation(String description) {
        return new Bad(Codes.VALIDATION_ERROR, description);
    }

    /** Code 3: the related task does not exist (OSS v2's text kept, clients match on it). */
    public static Bad parentMissing(String taskId) {
        return new Bad(Codes.NOT_FOUND, "The related task " + taskId + " does not exist or has expired (关联任务不存在或已失效)");
    }

    public int code() {
        return code;
    }

    /** Adds a {@code properties} entry of the reply; returns this. */
    public Bad with(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    public java.util.Map<String, Object> properties() {
        return properties;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
