package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("MjException and its subtypes")
class MjExceptionTest {

    @Nested
    @DisplayName("context")
    class Context {

        @Test
        @DisplayName("each context setter sets its value once; a second call does not overwrite it")
        void setOnce() {
            // given
            MjException e = new MjException("boom", null, false, false);

            // when
            e.withProvider("acedata").withTaskId("t-1").withHttpStatus(500).withVendorCode("E1");
            e.withProvider("gptunnel").withTaskId("t-2").withHttpStatus(502).withVendorCode("E2");

            // then
            assertThat(e.providerId()).contains("acedata");
            assertThat(e.taskId()).contains("t-1");
            assertThat(e.httpStatus()).hasValue(500);
            assertThat(e.vendorCode()).contains("E1");
        }

        @Test
        @DisplayName("the setters return the same exception, for chaining")
        void settersReturnThis() {
            MjException e = new InvalidRequestException("bad");
            assertThat(e.withProvider("p")).isSameAs(e);
            assertThat(e.withTaskId("t")).isSameAs(e);
            assertThat(e.withHttpStatus(400)).isSameAs(e);
            assertThat(e.withVendorCode("c")).isSameAs(e);
        }

        @Test
        @DisplayName("the context is empty until set, and the message is then the plain message")
        void noContext() {
            // when
            MjException e = new MjException("boom", null, true, false);

            // then
            assertThat(e.providerId()).isEmpty();
            assertThat(e.taskId()).isEmpty();
            assertThat(e.httpStatus()).isEmpty();
            assertThat(e.vendorCode()).isEmpty();
            assertThat(e.getMessage()).isEqualTo("boom");
        }

        @Test
        @DisplayName("getMessage appends every context value that is set")
        void messageWithAllContext() {
            // given
            MjException e = new MjException("boom", null, false, false)
                    .withProvider("acedata").withTaskId("t-1").withHttpStatus(500).withVendorCode("E42");

            // then
            assertThat(e.getMessage()).isEqualTo("boom [provider=acedata, task=t-1, http=500, code=E42]");
            assertThat(e.toString()).contains("boom [provider=acedata, task=t-1, http=500, code=E42]");
        }

        @Test
        @DisplayName("getMessage appends only the context values that are set")
        void messageWithSomeContext() {
            assertThat(new MjException("boom", null, false, false).withHttpStatus(404).getMessage())
                    .isEqualTo("boom [http=404]");
            assertThat(new MjException("boom", null, false, false).withTaskId("t").withVendorCode("c").getMessage())
                    .isEqualTo("boom [task=t, code=c]");
        }

        @Test
        @DisplayName("keeps the cause and is unchecked")
        void causeAndUnchecked() {
            // given
            IOException cause = new IOException("io");

            // when
            MjException e = new MjException("boom", cause, true, true);

            // then
            assertThat(e).isInstanceOf(RuntimeException.class).hasCause(cause);
            assertThat(e.retryable()).isTrue();
            assertThat(e.mayHaveCreatedTask()).isTrue();
        }
    }

    static Stream<Arguments> flags() {
        TaskSnapshot failed = TaskSnapshot.builder(TaskStatus.FAILED)
                .failure(Failure.of(FailureCategory.VENDOR_ERROR, "x")).build();
        return Stream.of(
                Arguments.of(new AuthenticationException("m"), false, false),
                Arguments.of(new InsufficientBalanceException("m"), false, false),
                Arguments.of(new InvalidRequestException("m"), false, false),
                Arguments.of(new ContentRejectedException("m"), false, false),
                Arguments.of(new UnsupportedActionException("m"), false, false),
                Arguments.of(new RateLimitedException("m", null), true, false),
                Arguments.of(new ProviderUnavailableException("m", false), true, false),
                Arguments.of(new ProviderUnavailableException("m", true), true, true),
                Arguments.of(new ProviderProtocolException("m"), true, true),
                Arguments.of(new TransportException("m", null, TransportException.Delivery.NOT_SENT), true, false),
                Arguments.of(new TransportException("m", null, TransportException.Delivery.MAYBE_SENT), true, true),
                Arguments.of(new SubmitOutcomeUnknownException("ref", null), false, true),
                Arguments.of(new TaskFailedException("m", failed), false, true),
                Arguments.of(new TaskTimeoutException("m", failed), false, true));
    }

    @ParameterizedTest(name = "{0}: retryable={1}, mayHaveCreatedTask={2}")
    @MethodSource("flags")
    @DisplayName("each subtype says whether a retry can help and whether a task may exist")
    void retryFlags(MjException e, boolean retryable, boolean mayHaveCreatedTask) {
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.mayHaveCreatedTask()).isEqualTo(mayHaveCreatedTask);
    }

    @Test
    @DisplayName("the cause constructors keep the cause")
    void causeConstructors() {
        Throwable cause = new IllegalStateException("root");
        assertThat(new AuthenticationException("m", cause)).hasCause(cause);
        assertThat(new InsufficientBalanceException("m", cause)).hasCause(cause);
        assertThat(new InvalidRequestException("m", cause)).hasCause(cause);
        assertThat(new ContentRejectedException("m", cause)).hasCause(cause);
        assertThat(new UnsupportedActionException("m", cause)).hasCause(cause);
        assertThat(new ProviderProtocolException("m", cause)).hasCause(cause);
    }

    @Nested
    @DisplayName("RateLimitedException")
    class RateLimited {

        @Test
        @DisplayName("carries the retry delay when the vendor gave one")
        void withRetryAfter() {
            assertThat(new RateLimitedException("slow down", Duration.ofSeconds(12)).retryAfter())
                    .contains(Duration.ofSeconds(12));
        }

        @Test
        @DisplayName("has no retry delay when the vendor gave none")
        void withoutRetryAfter() {
            assertThat(new RateLimitedException("slow down", null).retryAfter()).isEmpty();
        }
    }

    @Nested
    @DisplayName("TransportException")
    class Transport {

        @Test
        @DisplayName("a request maybe sent may have created a task")
        void maybeSent() {
            // when
            TransportException e = new TransportException("reset", new IOException("reset"),
                    TransportException.Delivery.MAYBE_SENT);

            // then
            assertThat(e.delivery()).isEqualTo(TransportException.Delivery.MAYBE_SENT);
            assertThat(e.mayHaveCreatedTask()).isTrue();
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasCauseInstanceOf(IOException.class);
        }

        @Test
        @DisplayName("a request provably not sent did not create a task")
        void notSent() {
            // when
            TransportException e = new TransportException("refused", new ConnectException("refused"),
                    TransportException.Delivery.NOT_SENT);

            // then
            assertThat(e.delivery()).isEqualTo(TransportException.Delivery.NOT_SENT);
            assertThat(e.mayHaveCreatedTask()).isFalse();
            assertThat(e.retryable()).isTrue();
        }
    }

    @Nested
    @DisplayName("SubmitOutcomeUnknownException")
    class SubmitOutcomeUnknown {

        @Test
        @DisplayName("carries the client reference, also as task id, and describes the cause")
        void carriesReference() {
            // given
            TransportException cause = new TransportException("read timed out", null, TransportException.Delivery.MAYBE_SENT);

            // when
            SubmitOutcomeUnknownException e = new SubmitOutcomeUnknownException("task-42", cause);

            // then
            assertThat(e.clientReference()).isEqualTo("task-42");
            assertThat(e.taskId()).contains("task-42");
            assertThat(e).hasCause(cause);
            assertThat(e.getMessage())
                    .contains("task-42")
                    .contains("TransportException: read timed out")
                    .contains("not retried")
                    .endsWith("[task=task-42]");
        }

        @Test
        @DisplayName("says so when there is no cause")
        void noCause() {
            assertThat(new SubmitOutcomeUnknownException("task-1", null).getMessage()).contains("no detail");
        }

        @Test
        @DisplayName("keeps the client reference as task id even if the engine sets another")
        void taskIdSetOnce() {
            SubmitOutcomeUnknownException e = new SubmitOutcomeUnknownException("task-1", null);
            e.withTaskId("other");
            assertThat(e.taskId()).contains("task-1");
        }
    }

    @Nested
    @DisplayName("TaskFailedException")
    class TaskFailed {

        @Test
        @DisplayName("carries the final snapshot; TaskTimeoutException is one")
        void carriesSnapshot() {
            // given
            TaskSnapshot snapshot = TaskSnapshot.builder(TaskStatus.FAILED)
                    .failure(Failure.of(FailureCategory.TIMEOUT, "deadline")).build();

            // when
            TaskTimeoutException e = new TaskTimeoutException("timed out", snapshot);

            // then
            assertThat(e).isInstanceOf(TaskFailedException.class);
            assertThat(e.snapshot()).isSameAs(snapshot);
        }

        @Test
        @DisplayName("requires a snapshot")
        void requiresSnapshot() {
            assertThatThrownBy(() -> new TaskFailedException("m", null)).isInstanceOf(NullPointerException.class);
        }
    }
}
