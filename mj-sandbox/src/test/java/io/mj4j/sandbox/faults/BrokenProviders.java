package io.mj4j.sandbox.faults;

import io.mj4j.testkit.ForwardingProvider;

import io.mj4j.spi.Balance;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken variants of the engine's stack, each a wrapper around the real mj-proxy provider that
 * breaks one guarantee the fault suite claims to check. Test-only: they exist so that
 * {@link FaultSuiteCatchesBrokenVariantsTest} can show each scenario goes red when its guarantee breaks.
 */
final class BrokenProviders {
    private BrokenProviders() {
    }

    /** The honest stack: the provider as it is. */
    static final UnaryOperator<MjProvider> HONEST = p -> p;

    /** Sends the submit again when the vendor answers 5xx, although a 5xx may come after the task was created. */
    static final UnaryOperator<MjProvider> RESENDS_ON_5XX = p -> new Delegating(p) {
        @Override
        public SubmitReceipt submit(SubmitRequest request) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return p.submit(request);
                } catch (MjException e) {
                    if (attempt >= 4 || e.httpStatus().orElse(0) < 500) {
                        throw e;
                    }
                }
            }
        }
    };

    /** Reports an ambiguous submit (dropped connection, timeout after sending, 5xx) as "provably not created". */
    static final UnaryOperator<MjProvider> AMBIGUOUS_AS_NOT_CREATED = p -> new Delegating(p) {
        @Override
        public SubmitReceipt submit(SubmitRequest request) {
            try {
                return p.submit(request);
            } catch (MjException e) {
                if (e.mayHaveCreatedTask()) {
                    throw new ProviderUnavailableException("not created (wrongly): " + e.getMessage(), false);
                }
                throw e;
            }
        }
    };

    /** A lookup by reference that never finds anything, so an ambiguous submit reads as "nothing was created". */
    static final UnaryOperator<MjProvider> LOOKUP_NEVER_FINDS = p -> new Delegating(p) {
        @Override
        public Optional<TaskSnapshot> lookup(String clientReference) {
            return Optional.empty();
        }
    };

    /**
     * Trusts terminal callbacks: a status query after a callback answers from what the callback claimed, so the
     * engine's confirming fetch confirms whatever a caller with a valid token posted.
     */
    static final UnaryOperator<MjProvider> TRUSTS_TERMINAL_CALLBACKS = p -> new Delegating(p) {
        private final Map<String, TaskSnapshot> claimed = new ConcurrentHashMap<>();

        @Override
        public List<TaskSnapshot> parseCallback(Map<String, List<String>> headers, byte[] body) {
            List<TaskSnapshot> parsed = p.parseCallback(headers, body);
            parsed.stream().filter(TaskSnapshot::isTerminal)
                    .forEach(s -> s.vendorTaskId().ifPresent(id -> claimed.put(id, s)));
            return parsed;
        }

        @Override
        public TaskSnapshot fetch(TaskRef task) {
            TaskSnapshot c = claimed.get(task.vendorTaskId());
            return c != null ? c : p.fetch(task);
        }

        @Override
        public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
            Map<String, TaskSnapshot> read = new java.util.HashMap<>(p.fetchBatch(tasks));
            tasks.forEach(t -> Optional.ofNullable(claimed.get(t.vendorTaskId())).ifPresent(c -> read.put(t.vendorTaskId(), c)));
            return read;
        }
    };

    /** Relies on callbacks alone: every status query fails (transiently), so only a callback can end a task. */
    static final UnaryOperator<MjProvider> CALLBACKS_ONLY = p -> new Delegating(p) {
        @Override
        public TaskSnapshot fetch(TaskRef task) {
            throw new ProviderUnavailableException("status queries disabled (broken variant)", false);
        }

        @Override
        public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
            throw new ProviderUnavailableException("status queries disabled (broken variant)", false);
        }
    };

    /** Reads the vendor's 429 as "the submit may have created a task", so a paced submit is never retried. */
    static final UnaryOperator<MjProvider> RATE_LIMIT_AS_AMBIGUOUS = p -> new Delegating(p) {
        @Override
        public SubmitReceipt submit(SubmitRequest request) {
            try {
                return p.submit(request);
            } catch (RateLimitedException e) {
                throw new ProviderUnavailableException("maybe created (wrongly): " + e.getMessage(), true);
            }
        }
    };

    /** Ends a task on an unreadable status reply: a malformed or truncated body reads as the vendor's failure. */
    static final UnaryOperator<MjProvider> UNREADABLE_AS_FAILED = p -> new Delegating(p) {
        @Override
        public TaskSnapshot fetch(TaskRef task) {
            try {
                return p.fetch(task);
            } catch (MjException e) {
                return TaskSnapshot.builder(TaskStatus.FAILED).vendorTaskId(task.vendorTaskId())
                        .failure(Failure.of(FailureCategory.VENDOR_ERROR, "unreadable reply (wrongly final): " + e.getMessage())).build();
            }
        }

        @Override
        public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
            try {
                return p.fetchBatch(tasks);
            } catch (MjException e) {
                Map<String, TaskSnapshot> failed = new java.util.HashMap<>();
                tasks.forEach(t -> failed.put(t.vendorTaskId(), TaskSnapshot.builder(TaskStatus.FAILED).vendorTaskId(t.vendorTaskId())
                        .failure(Failure.of(FailureCategory.VENDOR_ERROR, "unreadable reply (wrongly final)")).build()));
                return failed;
            }
        }
    };

    /** Passes every call through; the variants above override the one they break. */
    private static class Delegating extends ForwardingProvider {
        Delegating(MjProvider p) {
            super(p);
        }
    }
}
