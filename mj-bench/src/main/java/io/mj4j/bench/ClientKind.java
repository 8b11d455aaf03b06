package io.mj4j.bench;

/** The clients a workload compares. */
enum ClientKind {
    /** {@link NaiveClient}: fixed 5 s poll per task, one request each. */
    NAIVE("naive", "naive 5 s poll"),
    /** mj4j with its defaults: adaptive polling, {@code PollOptions.DEFAULT}, batch fetch where the vendor has it. */
    MJ4J("mj4j", "mj4j (adaptive)"),
    /** mj4j with adaptive polling off: a fixed interval, still batched. */
    MJ4J_FIXED("mj4j-fixed", "mj4j (adaptive off)"),
    /** mj4j with its defaults plus vendor callbacks ({@code CallbackServer} on loopback): polling is the safety net. */
    MJ4J_CALLBACKS("mj4j-callbacks", "mj4j (callbacks)");

    final String id;
    final String label;

    ClientKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    static ClientKind of(String id) {
        for (ClientKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown client '" + id + "'; known: naive, mj4j, mj4j-fixed, mj4j-callbacks");
    }
}
