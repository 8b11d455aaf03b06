package io.mj4j.spi;

/** The vendor (or Midjourney's moderation) refused the prompt or an input image at submit time. No task was created. */
public class ContentRejectedException extends MjException {
    public ContentRejectedException(String message) {
        super(message, null, false, false);
    }

    public ContentRejectedException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
