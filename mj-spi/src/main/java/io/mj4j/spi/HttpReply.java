package io.mj4j.spi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The vendor's HTTP answer: status, headers, body. Any status is a reply; only failures below HTTP throw. */
public record HttpReply(int status, Map<String, List<String>> headers, byte[] body) {
    public HttpReply {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    /** A reply with a UTF-8 text body and no headers (handy in tests). */
    public static HttpReply of(int status, String body) {
        return new HttpReply(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as UTF-8 text cut to {@code max} characters, for error messages. */
    public String bodySnippet(int max) {
        String s = bodyText().replaceAll("\\s+", " ").strip();
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** True for 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header, case-insensitively. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /**
     * The {@code Retry-After} header as a duration: delta-seconds or an HTTP-date (relative to
     * {@code clock}). Empty when absent or unreadable; never negative.
     */
    public Optional<Duration> retryAfter(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return header("Retry-After").flatMap(v -> {
            String value = v.strip();
            try {
                long seconds = Long.parseLong(value);
                return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpReply r && status == r.status && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + ", body=" + bodySnippet(200) + "]";
    }
}
