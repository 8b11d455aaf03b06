package io.mj4j.core.internal;

import io.mj4j.core.Task;
import io.mj4j.core.TaskListener;
import io.mj4j.spi.Action;
import io.mj4j.spi.MjException;
import io.mj4j.spi.TaskSnapshot;
import io.mj4j.spi.TaskTimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The public {@link Task}: a thin view on tracking's {@link TrackedTask}, with cancel and follow-ups going
 * back to the engine. Holds no state of its own. Thread-safe.
 */
final class TaskHandle implements Task {
    private final TrackedTask task;
    private final Engine engine;

    TaskHandle(TrackedTask task, Engine engine) {
        this.task = task;
        this.engine = engine;
    }

    @Override public String id() { return task.id; }
    @Override public String providerId() { return task.providerId(); }
    @Override public Action action() { return task.action; }
    @Override public Optional<String> parentId() { return task.parentId; }
    @Override public TaskSnapshot snapshot() { return task.snapshot(); }

    @Override
    public Task onUpdate(TaskListener listener) {
        task.listen(listener, true);
        return this;
    }

    @Override
    public CompletableFuture<TaskSnapshot> accepted() {
        return task.accepted.copy();
    }

    @Override
    public CompletableFuture<TaskSnapshot> completion() {
        return task.completion.copy();
    }

    @Override
    public TaskSnapshot await(Duration timeout) {
        try {
            return task.completion.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            TaskTimeoutException t = new TaskTimeoutException("Task " + task.id + " did not end within " + timeout
                    + " of waiting (it goes on; status " + snapshot().status() + ")", snapshot());
            t.withProvider(providerId()).withTaskId(task.id);
            throw t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskTimeoutException("Interrupted while waiting for task " + task.id, snapshot());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MjException m) {
                throw m;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public CompletableFuture<TaskSnapshot> cancel() {
        return engine.cancel(task);
    }

    @Override
    public Task followUp(Action followUp) {
        return engine.submitFollowUp(task.id, followUp);
    }

    @Override
    public String toString() {
        return "Task[" + task.id + ", " + providerId() + ", " + task.action.kind() + ", " + snapshot().status() + "]";
    }
}
