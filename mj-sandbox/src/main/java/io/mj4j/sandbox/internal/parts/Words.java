package io.mj4j.sandbox.internal.parts;

import com.fasterxml.jackson.databind.JsonNode;
import io.mj4j.sandbox.vendor.SimResponse;

import java.util.Collection;

/**
 * A vendor's words for the requests {@link Fields} refuses: the reply shape ({@link #refusal}) and the message of
 * each failed check. The defaults are plain English ("prompt is required"); a simulator overrides the messages its
 * vendor words differently, each override commented with the vendor-file section it follows.
 */
public interface Words {
    /** The vendor's reply to a refused request, with {@code message} in its message field. */
    SimResponse refusal(String message);

    /** The reply to a body that is not a JSON object (Spring-based vendors answer their own 400 here). */
    default SimResponse unreadableBody() {
        return refusal(notObject());
    }

    default String notObject() {
        return "request body must be a JSON object";
    }

    /** A required field is absent or null. */
    default String missing(String field) {
        return field + " is required";
    }

    /** A required field is an empty or blank string. */
    default String blank(String field) {
        return missing(field);
    }

    /** A text field holds another JSON type. */
    default String notText(String field, JsonNode value) {
        return field + " must be a string";
    }

    default String notOneOf(String field, Collection<String> allowed, String got) {
        return field + " must be one of " + String.join(", ", allowed);
    }

    default String notInteger(String field, JsonNode value, int min, int max, int step) {
        return field + " must be an integer from " + min + " to " + max + (step > 1 ? " in steps of " + step : "");
    }

    default String notBoolean(String field) {
        return field + " must be a boolean";
    }

    default String notUrl(String field) {
        return field + " must be an http(s) URL";
    }

    default String notList(String field) {
        return field + " must be an array of strings";
    }
}
