package io.millwright.device;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The executor handed to Paho clients. Paho submits its per-connection loops (which block on the socket for the life of
 * the connection) and schedules keep-alive pings on the same {@link ScheduledExecutorService}; a plain scheduled pool
 * would need three core threads per connection. This one sends submitted work to a cached pool and timers to a small
 * shared scheduler. Paho never shuts its executor down in 1.2.5; if it tried, the calls below are no-ops, because the
 * threads belong to the {@link DeviceRuntime}.
 */
final class PahoExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;

    PahoExecutor(ExecutorService pool, ScheduledExecutorService scheduler) {
        this.pool = pool;
        this.scheduler = scheduler;
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return scheduler.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return scheduler.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduler.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduler.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
