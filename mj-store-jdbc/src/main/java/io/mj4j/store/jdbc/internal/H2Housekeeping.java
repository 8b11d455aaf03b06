package io.mj4j.store.jdbc.internal;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an H2 file database the store opened about as large as its live data, by running, every few seconds on one
 * daemon thread ({@value #THREAD_NAME}), the two compaction steps of H2's own background writer: rewrite the live
 * pages of sparse chunks into a new chunk ({@link MVStore#compact}), and move chunks into the free space near the
 * start of the file, which lets H2 cut the file's free tail ({@link RandomAccessStore#compactMoveChunks}).
 *
 * <p>Why by hand: H2 runs these steps only on the background writer that {@code WRITE_DELAY > 0} starts, and with
 * a write delay a commit reaches the file up to that delay late (a killed process loses it), which write-ahead
 * cannot accept; so the store opens H2 with {@code WRITE_DELAY=0}, where every commit is one new chunk (about
 * 40 KB here) and nothing ever compacts: 10,000 tasks made a 616-845 MB file whose live data was under 20 MB. No
 * H2 setting or SQL statement runs the steps on an open database without also changing the retention time
 * ({@code compactFile} sets it to 0, after which a reader could meet a chunk overwritten under it), and no library
 * does it, so this class calls the two public MVStore methods the background writer calls, with H2's retention
 * time left as configured: a chunk is reused only after it has been unused that long, as in H2's own housekeeping.
 *
 * <p>A step holds H2's store lock while it writes (at most {@link #REWRITE_BYTES} + {@link #MOVE_BYTES} per step),
 * so commits wait for it; files under {@link #MIN_FILE_BYTES} are left alone. It reaches the store through H2's
 * engine classes, so it runs only on a database embedded in this process; on a connection that is not (a client
 * of another process's H2 server) it is not started. A step that fails is logged and housekeeping stops; the
 * store goes on. Thread-safe.
 */
public final class H2Housekeeping implements AutoCloseable {
    /** The name of the one thread housekeeping runs on. */
    public static final String THREAD_NAME = "mj4j-store-housekeeping";
    /** Time between two steps. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    /** A smaller file is left as it is. */
    static final long MIN_FILE_BYTES = 16L << 20;
    /** Live bytes a step copies out of sparse chunks at most. */
    static final int REWRITE_BYTES = 2 << 20;
    /** Chunk bytes a step moves toward the start of the file at most. */
    static final int MOVE_BYTES = 4 << 20;
    /** Chunks (and the file) fuller than this, in percent, are not compacted. */
    static final int TARGET_FILL_PERCENT = 80;

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final MVStore store;
    private final String description;
    private ScheduledExecutorService timer;
    private volatile boolean stopped;

    private H2Housekeeping(MVStore store, String description) {
        this.store = store;
        this.description = description;
    }

    /**
     * Housekeeping for the H2 database behind {@code c}, not yet started; empty when that database is not a file
     * embedded in this process (in memory, or reached through another process's server).
     */
    public static Optional<H2Housekeeping> of(Connection c, String description) throws SQLException {
        JdbcConnection h2 = c.unwrap(JdbcConnection.class);
        Session session = h2.getSession();
        if (!(session instanceof SessionLocal local) || !local.getDatabase().isPersistent()) {
            return Optional.empty();
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        if (!(store.getFileStore() instanceof RandomAccessStore)) {
            return Optional.empty();
        }
        return Optional.of(new H2Housekeeping(store, description));
    }

    /** Runs {@link #step()} every {@link #PERIOD} on a daemon thread of its own until {@link #close()}. Returns this. */
    public synchronized H2Housekeeping start() {
        if (timer == null && !stopped) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, THREAD_NAME);
                t.setDaemon(true); // an application that forgets close() still exits; H2 closes the file on exit
                return t;
            });
            timer.scheduleWithFixedDelay(this::stepQuietly, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * One housekeeping step now, on the calling thread: nothing when the file is small or full enough, the database
     * is closed, or housekeeping was stopped. Returns whether it compacted anything.
     */
    public boolean step() {
        if (stopped || store.isClosed()) {
            return false;
        }
        FileStore<?> file = store.getFileStore();
        if (file.size() < MIN_FILE_BYTES) {
            return false;
        }
        boolean rewrote = store.compact(TARGET_FILL_PERCENT, REWRITE_BYTES);
        long before = file.size();
        ((RandomAccessStore) file).compactMoveChunks(TARGET_FILL_PERCENT, MOVE_BYTES, store);
        return rewrote || file.size() < before;
    }

    private void stepQuietly() {
        try {
            step();
        } catch (RuntimeException | LinkageError e) {
            // a closed database, or an H2 whose engine classes changed: the file keeps growing, the store goes on
            if (!stopped && !store.isClosed()) {
                LOG.warn("mj4j task store ({}): H2 file housekeeping stopped, the file will no longer shrink: {}", description, e.toString());
            }
            stopped = true;
            timer.shutdown();
        }
    }

    /** Stops the timer and waits for a step in progress to end (the store's close comes after). Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            stopped = true;
            t = timer;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            if (!t.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("mj4j task store ({}): an H2 housekeeping step did not end within 30 s", description);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
