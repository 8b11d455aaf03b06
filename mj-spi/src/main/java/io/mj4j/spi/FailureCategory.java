package io.mj4j.spi;

/** Why a task failed, across vendors. */
public enum FailureCategory {
    /** The prompt or an input image was refused by moderation. */
    PROMPT_REJECTED,
    /** The vendor refused the request's parameters. */
    INVALID_REQUEST,
    /** The vendor (or Midjourney behind it) failed. */
    VENDOR_ERROR,
    /** The task did not finish before its deadline. */
    TIMEOUT,
    /** The task was cancelled. */
    CANCELLED,
    /** The vendor refused the credentials (wrong, missing or disabled key); nothing was created. */
    AUTHENTICATION,
    /** The account's balance or quota does not cover the request; nothing was created. */
    INSUFFICIENT_BALANCE,
    /**
     * The vendor could not take the request for now (no account available, overloaded, rate limited, circuit
     * open); nothing was created, and the same request may succeed later or elsewhere.
     */
    UNAVAILABLE,
    /**
     * The vendor acknowledged the task, then answered "no such task" on consecutive polls (for example a
     * self-hosted server that lost its in-memory tasks in a restart): the task will never finish there.
     */
    VENDOR_LOST,
    /**
     * The vendor reported the task finished but gave no usable result (no http(s) image or video URL, no
     * texts, no seed) until the deadline.
     */
    NO_RESULT
}
