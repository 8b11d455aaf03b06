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
    CANCELLED
}
