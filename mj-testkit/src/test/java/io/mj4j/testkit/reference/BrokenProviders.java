package io.mj4j.testkit.reference;

import io.mj4j.testkit.ForwardingProvider;

import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.Balance;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.HttpCall;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.MjProvider;
import io.mj4j.spi.ProviderContext;
import io.mj4j.spi.ProviderProtocolException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import io.mj4j.spi.SubmitReceipt;
import io.mj4j.spi.SubmitRequest;
import io.mj4j.spi.TaskRef;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskStatus;
import io.mj4j.spi.TransportException;

import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Deliberately broken variants of the reference provider ({@link RefVendorProviderFactory.Full}): each one
 * breaks exactly one behaviour, the way a real provider gets it wrong, and is registered under its own id.
 * {@code KitCatchesBrokenProvidersTest} shows that each fails exactly the rule named in its javadoc.
 */
public final class BrokenProviders {
    private BrokenProviders() {
    }

    /** A reference provider with one behaviour replaced by {@code breaker} (given the context and the correct provider). */
    public abstract static class Broken extends RefVendorProviderFactory.Full {
        private final BiFunction<ProviderContext, MjProvider, MjProvider> breaker;

        protected Broken(String id, BiFunction<ProviderContext, MjProvider, MjProvider> breaker) {
            super(id);
            this.breaker = breaker;
        }

        @Override
        public MjProvider create(ProviderContext context) {
            return breaker.apply(context, super.create(context));
        }
    }

    /** Delegates everything to the correct provider; a broken variant overrides one method. */
    abstract static class Wrapper extends ForwardingProvider {
        final MjProvider ok;

        Wrapper(MjProvider ok) {
            super(ok);
            this.ok = ok;
        }
    }

    /** A wrapper whose submit maps the correct provider's exception through {@code remap}. */
    static MjProvider remappingSubmit(MjProvider ok, java.util.function.Function<MjException, MjException> remap) {
        return new Wrapper(ok) {
            @Override
            public SubmitReceipt submit(SubmitRequest request) {
                try {
                    return ok.submit(request);
                } catch (MjException e) {
                    throw remap.apply(e);
                }
            }
        };
    }

    private static boolean status(MjException e, int... statuses) {
        for (int s : statuses) {
            if (e.httpStatus().orElse(-1) == s) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ R5 submit outcomes

    /** R5.1: treats a 401 as a passing outage (retryable), so the engine would hammer a wrong key. */
    public static final class UnauthorizedRetryable extends Broken {
        public UnauthorizedRetryable() {
            super("ref-unauthorized-retryable", (c, ok) -> remappingSubmit(ok, e -> e instanceof AuthenticationException && status(e, 401)
                    ? new ProviderUnavailableException(e.getMessage(), false) : e));
        }
    }

    /** R5.2: maps "out of balance" to an invalid request. */
    public static final class BalanceAsInvalid extends Broken {
        public BalanceAsInvalid() {
            super("ref-balance-as-invalid", (c, ok) -> remappingSubmit(ok, e -> e instanceof InsufficientBalanceException
                    ? new InvalidRequestException(e.getMessage()) : e));
        }
    }

    /** R5.3: maps HTTP 429 to an authentication error. */
    public static final class RateLimitAsAuth extends Broken {
        public RateLimitAsAuth() {
            super("ref-ratelimit-as-auth", (c, ok) -> remappingSubmit(ok, e -> e instanceof RateLimitedException
                    ? new AuthenticationException(e.getMessage()) : e));
        }
    }

    /** R5.4: says a submit answered 500 created nothing, so the engine would resend it: a second paid task. */
    public static final class ServerErrorNotCreated extends Broken {
        public ServerErrorNotCreated() {
            super("ref-500-not-created", (c, ok) -> remappingSubmit(ok, e -> status(e, 500)
                    ? new ProviderUnavailableException(e.getMessage(), false) : e));
        }
    }

    /** R5.5: treats an invalid request as a passing outage (the engine would retry a request that can never work). */
    public static final class InvalidAsUnavailable extends Broken {
        public InvalidAsUnavailable() {
            super("ref-invalid-as-unavailable", (c, ok) -> remappingSubmit(ok, e -> e instanceof InvalidRequestException
                    ? new ProviderUnavailableException(e.getMessage(), false) : e));
        }
    }

    /** R5.6: reports a moderation refusal as an invalid request. */
    public static final class RejectedAsInvalid extends Broken {
        public RejectedAsInvalid() {
            super("ref-rejected-as-invalid", (c, ok) -> remappingSubmit(ok, e -> e instanceof ContentRejectedException
                    ? new InvalidRequestException(e.getMessage()) : e));
        }
    }

    /** R5.7: says a 502/504 gateway page created nothing (the request may well have reached the vendor behind it). */
    public static final class GatewayNotCreated extends Broken {
        public GatewayNotCreated() {
            super("ref-gateway-not-created", (c, ok) -> remappingSubmit(ok, e -> status(e, 502, 504)
                    ? new ProviderUnavailableException(e.getMessage(), false) : e));
        }
    }

    /** R5.8: says a 503 "not accepted" may have created a task, so the engine parks a task it could safely resend. */
    public static final class UnavailableMayHaveCreated extends Broken {
        public UnavailableMayHaveCreated() {
            super("ref-503-may-have-created", (c, ok) -> remappingSubmit(ok, e -> status(e, 503)
                    ? new ProviderUnavailableException(e.getMessage(), true) : e));
        }
    }

    /** R5.9: maps an HTTP 200 with an unreadable body to "not created". */
    public static final class UnreadableOkNotCreated extends Broken {
        public UnreadableOkNotCreated() {
            super("ref-unreadable-not-created", (c, ok) -> remappingSubmit(ok, e -> e instanceof ProviderProtocolException
                    ? new ProviderUnavailableException(e.getMessage(), false) : e));
        }
    }

    /** R5.10: ignores the vendor's error inside an HTTP 200 and looks for a task id that is not there. */
    public static final class IgnoresErrorInOkBody extends Broken {
        public IgnoresErrorInOkBody() {
            super("ref-ignores-error-in-200", (c, ok) -> remappingSubmit(ok, e -> e instanceof ProviderUnavailableException && status(e, 200)
                    ? new ProviderProtocolException("refvendor submit reply has no task id") : e));
        }
    }

    /** R5.11: reads a plain "403 Forbidden" as moderation (the old shared word list did). */
    public static final class ForbiddenAsRejection extends Broken {
        public ForbiddenAsRejection() {
            super("ref-forbidden-as-rejection", (c, ok) -> remappingSubmit(ok, e -> status(e, 403)
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).matches("(?s).*(forbidden|blocked|not allowed).*")
                    ? new ContentRejectedException(e.getMessage()) : e));
        }
    }

    /** R5.12: drops the vendor's Retry-After. */
    public static final class DropsRetryAfter extends Broken {
        public DropsRetryAfter() {
            super("ref-drops-retry-after", (c, ok) -> remappingSubmit(ok, e -> e instanceof RateLimitedException
                    ? new RateLimitedException(e.getMessage(), null) : e));
        }
    }

    // ------------------------------------------------------------------ R6 faults, one request per call

    /** R6.1: reports a read timeout or reset after the request was written as "never sent". */
    public static final class AfterSentAsNotSent extends Broken {
        public AfterSentAsNotSent() {
            super("ref-after-sent-as-not-sent", (c, ok) -> remappingSubmit(ok, e -> e instanceof TransportException t
                    && t.delivery() == TransportException.Delivery.MAYBE_SENT
                    ? new TransportException(e.getMessage(), e, TransportException.Delivery.NOT_SENT) : e));
        }
    }

    /** R6.2: reports a refused connection as "may have been sent" (the engine could then never resend it). */
    public static final class RefusedAsMaybeSent extends Broken {
        public RefusedAsMaybeSent() {
            super("ref-refused-as-maybe-sent", (c, ok) -> remappingSubmit(ok, e -> e instanceof TransportException t
                    && t.delivery() == TransportException.Delivery.NOT_SENT
                    ? new TransportException(e.getMessage(), e, TransportException.Delivery.MAYBE_SENT) : e));
        }
    }

    /** R6.3: turns a transport failure of a poll into a final error (the engine would give up on the task). */
    public static final class FetchFailureFinal extends Broken {
        public FetchFailureFinal() {
            super("ref-fetch-failure-final", (c, ok) -> new Wrapper(ok) {
                @Override
                public TaskSnapshot fetch(TaskRef task) {
                    try {
                        return ok.fetch(task);
                    } catch (TransportException e) {
                        throw new InvalidRequestException("refvendor fetch failed: " + e.getMessage());
                    }
                }
            });
        }
    }

    /** R6.4: re-sends a submit on its own after a transport failure (may double-bill). */
    public static final class Retrying extends Broken {
        public Retrying() {
            super("ref-retrying", (c, ok) -> new Wrapper(ok) {
                @Override
                public SubmitReceipt submit(SubmitRequest request) {
                    try {
                        return ok.submit(request);
                    } catch (TransportException e) {
                        return ok.submit(request);
                    }
                }
            });
        }
    }

    /** R6.4: re-sends a submit on its own after a 429. */
    public static final class RetriesAfterRateLimit extends Broken {
        public RetriesAfterRateLimit() {
            super("ref-retries-after-429", (c, ok) -> new Wrapper(ok) {
                @Override
                public SubmitReceipt submit(SubmitRequest request) {
                    try {
                        return ok.submit(request);
                    } catch (RateLimitedException e) {
                        return ok.submit(request);
                    }
                }
            });
        }
    }

    /** R6.5: re-sends a poll on its own after a server error. */
    public static final class RetryingFetch extends Broken {
        public RetryingFetch() {
            super("ref-retrying-fetch", (c, ok) -> new Wrapper(ok) {
                @Override
                public TaskSnapshot fetch(TaskRef task) {
                    try {
                        return ok.fetch(task);
                    } catch (ProviderUnavailableException e) {
                        return ok.fetch(task);
                    }
                }
            });
        }
    }

    // ------------------------------------------------------------------ R3, R7, R9

    /** R3.2: knows one nesting of a result (the vendor's "image"), not the other ("result.images"). */
    public static final class ReadsOneNesting extends RefVendorProviderFactory.Full {
        public ReadsOneNesting() {
            super("ref-reads-one-nesting");
        }

        @Override
        public MjProvider create(ProviderContext context) {
            return new RefVendorProvider(context, descriptor(), false);
        }
    }

    /** R7.1: sends actions it does not declare. */
    public static final class IgnoresCapabilities extends RefVendorProviderFactory.Full {
        public IgnoresCapabilities() {
            super("ref-ignores-capabilities");
        }

        @Override
        public MjProvider create(ProviderContext context) {
            return new RefVendorProvider(context, descriptor(EXPRESSIBLE));
        }
    }

    /** R7.4: reads a batch one task at a time (N requests, and a crash on the first unknown id). */
    public static final class BatchOneByOne extends Broken {
        public BatchOneByOne() {
            super("ref-batch-one-by-one", (c, ok) -> new Wrapper(ok) {
                @Override
                public Map<String, TaskSnapshot> fetchBatch(List<TaskRef> tasks) {
                    Map<String, TaskSnapshot> out = new LinkedHashMap<>();
                    tasks.forEach(t -> out.put(t.vendorTaskId(), ok.fetch(t)));
                    return out;
                }
            });
        }
    }

    /** R7.5: a declared cancel that sends the wrong request (a status read) and returns what it read. */
    public static final class WrongCancel extends Broken {
        public WrongCancel() {
            super("ref-wrong-cancel", (c, ok) -> new Wrapper(ok) {
                @Override
                public TaskSnapshot cancel(TaskRef task) {
                    c.transport().send(HttpCall.get(c.resolve("/v1/tasks/" + task.vendorTaskId()))
                            .header("Authorization", "Bearer " + c.credentials().requireApiKey(c.providerId())).build());
                    return TaskSnapshot.builder(TaskStatus.RUNNING).vendorTaskId(task.vendorTaskId()).build();
                }
            });
        }
    }

    /** R7.6: reads the balance as a whole number. */
    public static final class BalanceTruncated extends Broken {
        public BalanceTruncated() {
            super("ref-balance-truncated", (c, ok) -> new Wrapper(ok) {
                @Override
                public Balance balance() {
                    Balance b = ok.balance();
                    return new Balance(b.amount().setScale(0, RoundingMode.DOWN), b.unit());
                }
            });
        }
    }

    /** R7.7: answers "not found" with an exception instead of an empty result. */
    public static final class LookupNotFoundThrows extends Broken {
        public LookupNotFoundThrows() {
            super("ref-lookup-not-found-throws", (c, ok) -> new Wrapper(ok) {
                @Override
                public Optional<TaskSnapshot> lookup(String clientReference) {
                    return Optional.of(ok.lookup(clientReference)
                            .orElseThrow(() -> new InvalidRequestException("refvendor has no task " + clientReference)));
                }
            });
        }
    }

    /** R9.1: puts the API key into the messages of vendor error replies. */
    public static final class LeaksKey extends Broken {
        public LeaksKey() {
            super("ref-leaks-key", (c, ok) -> remappingSubmit(ok, e -> e.httpStatus().isEmpty() ? e
                    : sameKind(e, e.getMessage() + " (sent key " + c.credentials().apiKey().orElse("") + ")")));
        }

        /** An exception of the same type and flags as {@code e} with another message. */
        private static MjException sameKind(MjException e, String message) {
            MjException copy;
            if (e instanceof TransportException t) {
                copy = new TransportException(message, e.getCause(), t.delivery());
            } else if (e instanceof RateLimitedException r) {
                copy = new RateLimitedException(message, r.retryAfter().orElse(null));
            } else if (e instanceof ProviderUnavailableException u) {
                copy = new ProviderUnavailableException(message, e.getCause(), e.mayHaveCreatedTask(), u.retryAfter().orElse(null));
            } else if (e instanceof ProviderProtocolException) {
                copy = new ProviderProtocolException(message, e.getCause());
            } else if (e instanceof AuthenticationException) {
                copy = new AuthenticationException(message);
            } else if (e instanceof InsufficientBalanceException) {
                copy = new InsufficientBalanceException(message);
            } else if (e instanceof ContentRejectedException) {
                copy = new ContentRejectedException(message);
            } else if (e instanceof InvalidRequestException) {
                copy = new InvalidRequestException(message);
            } else {
                copy = new MjException(message, e.getCause(), e.retryable(), e.mayHaveCreatedTask());
            }
            e.httpStatus().ifPresent(copy::withHttpStatus);
            e.vendorCode().ifPresent(copy::withVendorCode);
            return copy;
        }
    }
}
