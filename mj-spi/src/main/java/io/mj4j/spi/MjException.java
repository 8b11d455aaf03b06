package io.mj4j.spi;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of every mj4j error. Unchecked. Carries, where known, the provider id, the task's client
 * reference, the HTTP status, the vendor's error code, whether retrying the same call can help
 * ({@link #retryable()}), and whether the failed call may have created a task at the vendor
 * ({@link #mayHaveCreatedTask()}): the one fact that decides if a submit may be retried.
 *
 * <p>Context fields are set once: by the thrower ({@code withHttpStatus}, {@code withVendorCode}) or
 * by the engine ({@code withProvider}, {@code withTaskId}); a second call does not overwrite them.
 * Messages never contain API keys; vendor bodies in messages are truncated.
 */
public class MjException extends RuntimeException {
    private final boolean retryable;
    private final boolean mayHaveCreatedTask;
    private volatile String providerId;
    private volatile String taskId;
    private volatile Integer httpStatus;
    private volatile String vendorCode;
    private volatile Redaction redaction;

    /**
     * @param retryable          whether repeating the same call can succeed
     * @param mayHaveCreatedTask whether, for a submit, the vendor may have created (and billed) a task
     */
    public MjException(String message, Throwable cause, boolean retryable, boolean mayHaveCreatedTask) {
        super(message, cause);
        this.retryable = retryable;
        this.mayHaveCreatedTask = mayHaveCreatedTask;
    }

    /** The id of the provider involved. */
    public Optional<String> providerId() { return Optional.ofNullable(providerId); }
    /** The client reference of the task involved. */
    public Optional<String> taskId() { return Optional.ofNullable(taskId); }
    /** The HTTP status of the vendor's reply. */
    public OptionalInt httpStatus() { return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus); }
    /** The vendor's own error code or type. */
    public Optional<String> vendorCode() { return Optional.ofNullable(vendorCode); }
    /** Whether the same call may succeed if repeated later. */
    public boolean retryable() { return retryable; }
    /** Whether a submit that failed this way may nevertheless have created a task at the vendor. */
    public boolean mayHaveCreatedTask() { return mayHaveCreatedTask; }

    /** Sets the provider id unless already set; returns this. */
    public MjException withProvider(String id) {
        if (providerId == null) providerId = id;
        return this;
    }

    /** Sets the task's client reference unless already set; returns this. */
    public MjException withTaskId(String id) {
        if (taskId == null) taskId = id;
        return this;
    }

    /** Sets the HTTP status unless already set; returns this. */
    public MjException withHttpStatus(int status) {
        if (httpStatus == null) httpStatus = status;
        return this;
    }

    /** Sets the vendor error code unless already set; returns this. */
    public MjException withVendorCode(String code) {
        if (vendorCode == null) vendorCode = code;
        return this;
    }

    /**
     * Hides the secrets of {@code rule} in this exception's message (and in its causes that are mj4j
     * exceptions) from now on; returns this. The engine calls it on every exception before it leaves, so a
     * key a vendor echoed (raw or JSON-escaped) never reaches the caller or a log.
     */
    public MjException redactWith(Redaction rule) {
        if (rule != null && !rule.isEmpty()) {
            redaction = rule;
            if (getCause() instanceof MjException m && m != this) {
                m.redactWith(rule);
            }
        }
        return this;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(String.valueOf(super.getMessage()));
        if (providerId != null || taskId != null || httpStatus != null || vendorCode != null) {
            sb.append(" [");
            String sep = "";
            if (providerId != null) { sb.append("provider=").append(providerId); sep = ", "; }
            if (taskId != null) { sb.append(sep).append("task=").append(taskId); sep = ", "; }
            if (httpStatus != null) { sb.append(sep).append("http=").append(httpStatus); sep = ", "; }
            if (vendorCode != null) { sb.append(sep).append("code=").append(vendorCode); }
            sb.append(']');
        }
        Redaction r = redaction;
        return r == null ? sb.toString() : r.apply(sb.toString());
    }
}
