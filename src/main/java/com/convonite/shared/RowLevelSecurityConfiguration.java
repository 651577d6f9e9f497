package com.convonite.shared;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMethodMatcher;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ReflectionUtils;

/**
 * Wires PostgreSQL row-level security into the product (README, "Database roles"):
 * <ul>
 * <li>the product's {@link DataSource} hands out connections in the current {@link WorkspaceScope};</li>
 * <li>Flyway migrates over its own connection as the owner, not in the product's role;</li>
 * <li>an event listener whose event has a {@code workspaceId()} runs in that workspace's scope.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RowLevelSecurityConfiguration {

	@Bean
	static BeanPostProcessor workspaceScopedDataSources() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource pool && !(bean instanceof WorkspaceScopedDataSource))
						? new WorkspaceScopedDataSource(pool) : bean;
			}
		};
	}

	/**
	 * Migrations create tables, so they run as the login user itself (the owner), over a connection of their
	 * own: the product's connections have switched to a role that owns nothing. {@code spring.flyway.user} and
	 * {@code spring.flyway.url} still choose another owner; then Spring Boot has built that connection already.
	 */
	@Bean
	FlywayConfigurationCustomizer migrateAsOwner() {
		return (configuration) -> {
			if (configuration.getDataSource() instanceof WorkspaceScopedDataSource scoped) {
				configuration.dataSource(DataSourceBuilder.derivedFrom(scoped)
					.type(SimpleDriverDataSource.class)
					.build());
			}
		};
	}

	/**
	 * Runs every event listener of the product whose event carries {@code workspaceId()} in that workspace's
	 * scope; it wraps the listener's own transaction (and runs on the listener's thread when it is async).
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor eventListenersInTheirWorkspace() {
		ClassFilter ours = (type) -> type.getName().startsWith("com.convonite.");
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new ComposablePointcut(ours, new AnnotationMethodMatcher(EventListener.class, true)),
				new EventWorkspaceInterceptor());
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return advisor;
	}

	static final class EventWorkspaceInterceptor implements MethodInterceptor {

		private final Map<Class<?>, Optional<Method>> accessors = new ConcurrentHashMap<>();

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			for (Object argument : invocation.getArguments()) {
				Long workspaceId = (argument != null) ? workspaceId(argument) : null;
				if (workspaceId != null) {
					try (WorkspaceScope scope = WorkspaceScope.enter(workspaceId)) {
						return invocation.proceed();
					}
				}
			}
			return invocation.proceed();
		}

		private Long workspaceId(Object event) {
			return this.accessors.computeIfAbsent(event.getClass(), EventWorkspaceInterceptor::accessor)
				.map((method) -> (Long) ReflectionUtils.invokeMethod(method, event))
				.orElse(null);
		}

		private static Optional<Method> accessor(Class<?> type) {
			Method method = ReflectionUtils.findMethod(type, "workspaceId");
			if (method == null || Modifier.isStatic(method.getModifiers())
					|| (method.getReturnType() != long.class && method.getReturnType() != Long.class)) {
				return Optional.empty();
			}
			ReflectionUtils.makeAccessible(method);
			return Optional.of(method);
		}

	}

}
