package io.mj4j.gateway.internal;

import io.mj4j.gateway.ClientKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: the client key whose secret the request carries in {@code mj-api-secret} (self-hosted servers,
 * mjproxy.md §2) or {@code Authorization: Bearer} (aggregators; a raw {@code Authorization} value as trueai sends is
 * taken too). Secrets are compared as SHA-256 digests in constant time, every key checked. With no keys configured
 * the gateway is open, as a self-hosted server without a secret is, and every caller is {@link #OPEN}. Thread-safe.
 */
public final class Auth {
    /** The owner of every task on a gateway without client keys. */
    public static final String OPEN = "open";

    private record Entry(ClientKey key, byte[] digest) {
    }

    private final List<Entry> entries;

    public Auth(List<ClientKey> keys) {
        this.entries = keys.stream().map(k -> new Entry(k, digest(k.secret()))).toList();
    }

    public boolean open() {
        return entries.isEmpty();
    }

    /** The caller's key; empty means answer 401. On an open gateway an unnamed key without budget. */
    public Optional<ClientKey> caller(Map<String, List<String>> headers) {
        if (entries.isEmpty()) {
            return Optional.of(new ClientKey(OPEN, "open-gateway", Optional.empty()));
        }
        String given = header(headers, "mj-api-secret");
        String authorization = header(headers, "authorization");
        if (authorization != null) {
            given = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : authorization.strip();
        }
        if (given == null || given.isEmpty()) {
            return Optional.empty();
        }
        byte[] d = digest(given);
        ClientKey found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), d)) {
                found = e.key();
            }
        }
        return Optional.ofNullable(found);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }
}
