package com.convonite.support;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;

import com.convonite.shared.WorkspaceScope;
import com.convonite.workspace.SignedInMember;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.stereotype.Controller;

/**
 * Lets a test call a module's facade directly, as the member or workspace the call names: a call made on the
 * test's own thread, outside any {@link WorkspaceScope}, runs in the scope of its {@link SignedInMember}
 * argument or its {@code workspaceId} parameter. Only on the test's thread: requests, listeners and jobs still
 * take their scope the way the product does, so the tests keep finding code that reads without one.
 */
@Configuration(proxyBeanMethods = false)
public class TestCallerScope {

	private static final ThreadLocal<Boolean> TEST_THREAD = new ThreadLocal<>();

	static void begin() {
		TEST_THREAD.set(Boolean.TRUE);
	}

	static void end() {
		TEST_THREAD.remove();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor facadeCallsFromTestsInTheirWorkspace() {
		MethodInterceptor interceptor = (invocation) -> {
			if (TEST_THREAD.get() == null || WorkspaceScope.isActive()) {
				return invocation.proceed();
			}
			Long workspaceId = workspaceId(invocation.getMethod(), invocation.getArguments());
			if (workspaceId == null) {
				return invocation.proceed();
			}
			try (WorkspaceScope scope = WorkspaceScope.enter(workspaceId)) {
				return invocation.proceed();
			}
		};
		StaticMethodMatcherPointcut pointcut = new StaticMethodMatcherPointcut() {
			@Override
			public boolean matches(Method method, Class<?> type) {
				return Modifier.isPublic(method.getModifiers()) && workspaceParameter(method) >= 0;
			}
		};
		pointcut.setClassFilter(facades());
		return new DefaultPointcutAdvisor(pointcut, interceptor);
	}

	private static ClassFilter facades() {
		return (type) -> type.getName().startsWith("com.convonite.") && !type.getName().startsWith("com.convonite.support.")
				&& Modifier.isPublic(type.getModifiers()) && !type.isAnnotationPresent(Controller.class)
				&& !type.isAnnotationPresent(org.springframework.web.bind.annotation.RestController.class);
	}

	private static int workspaceParameter(Method method) {
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			Class<?> type = parameters[i].getType();
			if (type == SignedInMember.class || ((type == long.class || type == Long.class)
					&& parameters[i].getName().equals("workspaceId"))) {
				return i;
			}
		}
		return -1;
	}

	private static Long workspaceId(Method method, Object[] arguments) {
		int index = workspaceParameter(method);
		Object argument = (index >= 0) ? arguments[index] : null;
		if (argument instanceof SignedInMember member) {
			return member.workspaceId();
		}
		return (argument instanceof Long id) ? id : null;
	}

}
