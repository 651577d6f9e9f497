package com.convonite.shared;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that run the listeners called after a commit ({@code @ApplicationModuleListener}, which is
 * {@code @Async}): a fixed number ({@code convonite.events.listener-threads}), with the events beyond them
 * waiting in memory in the order they were handed over. Each such event is also in the outbox
 * (event_publication) until its listener completes, so one still waiting at a crash is delivered after the
 * restart ({@link EventRedelivery}).
 * <p>
 * With a thread per event (the default executor on virtual threads), a burst of events (10,000 WhatsApp
 * deliveries, each with its messages' events) started thousands of listeners at once, each waiting for one
 * of the pool's database connections: the requests that acknowledge deliveries waited behind them and
 * answered 503 after the pool's two-second timeout. Handing an event over never blocks (a listener that
 * publishes events of its own would otherwise wait for a thread that only it could free). Not a bean of its
 * own: an {@code Executor} bean would take the place of Spring Boot's {@code applicationTaskExecutor}.
 */
@Configuration(proxyBeanMethods = false)
class EventListenerExecution implements AsyncConfigurer, DisposableBean {

	private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

	EventListenerExecution(@Value("${convonite.events.listener-threads:4}") int threads) {
		this.executor.setCorePoolSize(threads);
		this.executor.setMaxPoolSize(threads);
		this.executor.setThreadNamePrefix("event-listener-");
		this.executor.setWaitForTasksToCompleteOnShutdown(true);
		this.executor.setAwaitTerminationSeconds(10);
		this.executor.initialize();
	}

	@Override
	public Executor getAsyncExecutor() {
		return this.executor;
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
